import { cos } from '@dra/core';
import { MOUNTAIN_CAR, mountainCarIndex } from '@dra/mountain-car';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WASM_KERNEL_BASE64 } from './wasm-kernel-binary.generated.js';

// Mountain car's results depend on its continuous state only through the 19 x 15 bins, so whole
// runs (wasm-kernel-host.test.ts) cannot see an error in the last bits of cos until a bin flips.
// The kernel's `cosine` and `carIndex` are therefore held to their twins directly.
// Oracles: @dra/core `cos` and @dra/mountain-car `mountainCarIndex`.

const kernel = (() => {
  const bytes = Uint8Array.from(atob(WASM_KERNEL_BASE64), (c) => c.charCodeAt(0));
  // The WebAssembly global of Node (this package's types do not include the DOM's).
  const api = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => object; Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: object } } }).WebAssembly;
  const memory = new api.Memory({ initial: 1 });
  return new api.Instance(new api.Module(bytes), { env: { memory } }).exports as unknown as {
    cosine(x: number): number;
    carIndex(position: number, velocity: number): number;
  };
})();

const bits = (x: number) => new BigUint64Array(Float64Array.of(x).buffer)[0]!.toString(16);

describe("the kernel's mountain car pieces, bit for bit", () => {
  it('cosine equals @dra/core cos on every quadrant, both signs and the small-argument cut (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -3.7, max: 3.7, noNaN: true }), fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.double({ min: -1e-7, max: 1e-7, noNaN: true })), (x) => {
        expect(bits(kernel.cosine(x))).toBe(bits(cos(x)));
      }),
      { numRuns: 20_000 },
    );
    for (const x of [0, -0, Math.PI / 4, 3 * Math.PI / 4, Math.PI, -3.6, 1.8, 2 ** -27, 0.3, 0.2999999999999999]) expect(bits(kernel.cosine(x))).toBe(bits(cos(x)));
  });

  it('carIndex equals mountainCarIndex, the bins\' half-way points included (rounded up, as Math.round)', () => {
    const { minPosition, maxPosition, maxSpeed } = MOUNTAIN_CAR;
    fc.assert(
      fc.property(fc.double({ min: minPosition, max: maxPosition, noNaN: true }), fc.double({ min: -maxSpeed, max: maxSpeed, noNaN: true }), (position, velocity) => {
        expect(kernel.carIndex(position, velocity)).toBe(mountainCarIndex(position, velocity));
      }),
      { numRuns: 20_000 },
    );
    for (let bin = 0; bin < 18; bin++) {
      const half = minPosition + (bin + 0.5) / 10;
      for (const position of [half, half - 1e-12, half + 1e-12]) expect(kernel.carIndex(position, -0.035)).toBe(mountainCarIndex(position, -0.035));
    }
    for (let bin = 0; bin < 14; bin++) expect(kernel.carIndex(-0.5, -maxSpeed + (bin + 0.5) / 100)).toBe(mountainCarIndex(-0.5, -maxSpeed + (bin + 0.5) / 100));
  });
});
