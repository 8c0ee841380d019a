/** The kernel's WebAssembly binary, compiled from assembly/wasm-kernel.ts with src/wasm-kernel-layout.ts. */
export function compileKernel(): Promise<Uint8Array>;
/** The TypeScript module that embeds `binary` (src/wasm-kernel-binary.generated.ts). */
export function embeddingModule(binary: Uint8Array): string;
