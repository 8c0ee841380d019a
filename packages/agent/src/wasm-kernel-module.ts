import { WASM_KERNEL_BASE64 } from './wasm-kernel-binary.generated.js';

/** The part of the WebAssembly JavaScript API the kernel uses (the global is absent on some runtimes). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

let compiled: { api: WasmApi; module: object } | null | undefined;

/** The compiled kernel, or null where WebAssembly is unavailable (compiled once per process). */
export function kernelModule(): { api: WasmApi; module: object } | null {
  if (compiled === undefined) {
    compiled = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api !== undefined) {
      try {
        const text = atob(WASM_KERNEL_BASE64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        compiled = { api, module: new api.Module(bytes) };
      } catch {
        // e.g. a browser's main thread refusing to compile synchronously: the TypeScript path
      }
    }
  }
  return compiled;
}

/** True where the kernel compiles (WebAssembly present and willing); false sends every run to TypeScript. */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

