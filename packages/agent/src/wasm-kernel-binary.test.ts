import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernel, embeddingModule } from '../scripts/compile-wasm.mjs';
import { WASM_KERNEL_BASE64 } from './wasm-kernel-binary.generated.js';

/** The ids of a WebAssembly binary's sections, in order (header, then id and LEB128 size each). */
function sectionIds(binary: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < binary.length) {
    const id = binary[at++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = binary[at++]!;
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

describe('the embedded WebAssembly kernel', () => {
  it('is what assembly/wasm-kernel.ts (with src/wasm-kernel-layout.ts) compiles to (run `pnpm --filter @dra/agent build:wasm` after editing it)', async () => {
    const embedded = readFileSync(new URL('./wasm-kernel-binary.generated.ts', import.meta.url), 'utf8');
    expect(embedded).toBe(embeddingModule(await compileKernel()));
  });

  it('has no data segments: every byte of its memory belongs to the layout TabularEpisodeKernel writes', () => {
    const binary = Uint8Array.from(atob(WASM_KERNEL_BASE64), (c) => c.charCodeAt(0));
    const ids = sectionIds(binary);
    expect(ids).toContain(10); // code
    expect(ids).not.toContain(11); // data
    expect(ids).not.toContain(12); // data count
  });
});
