/** The kernel's WebAssembly binary, compiled from assembly/tabular-episodes.ts. */
export function compileKernel(): Promise<Uint8Array>;
/** The TypeScript module that embeds `binary` (src/tabular-episodes-wasm.ts). */
export function embeddingModule(binary: Uint8Array): string;
