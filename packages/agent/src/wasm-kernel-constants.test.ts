import { readFileSync } from 'node:fs';
import { Rng } from '@dra/core';
import { COS_CONSTANTS, EXP2_TABLE, EXP_CONSTANTS, LOG_CONSTANTS, POW2, RNG_CONSTANTS, ZIG_R, ZIG_RATIO, ZIG_X } from '@dra/core/internal';
import { MOUNTAIN_CAR } from '@dra/mountain-car';
import { describe, expect, it } from 'vitest';
import * as layout from './wasm-kernel-layout.js';

// The kernel (assembly/wasm-kernel.ts) keeps AssemblyScript copies of @dra/core's floating-point
// constants (f64 literals); the layout it shares with the host is imported, not copied.
const source = readFileSync(new URL('../assembly/wasm-kernel.ts', import.meta.url), 'utf8');

/** The value of every `const NAME: f64 = ...;` of the kernel: a literal, or a quotient of two. */
function kernelConstants(): Map<string, number> {
  const constants = new Map<string, number>();
  for (const [, name, expression] of source.matchAll(/^const (\w+): f64 = ([^;]+);/gm)) {
    const parts = expression!.split('/').map((part) => Number(part.trim()));
    expect(parts.every(Number.isFinite), `${name} = ${expression}`).toBe(true);
    constants.set(name!, parts.length === 2 ? parts[0]! / parts[1]! : parts[0]!);
  }
  return constants;
}

describe("the kernel's copies of @dra/core's constants", () => {
  it('equal the values @dra/core computes with, every one of them (oracle: @dra/core/internal, MOUNTAIN_CAR of @dra/mountain-car; 2^-32 of SoftThompson.act)', () => {
    const expected = new Map<string, number>([
      ...Object.entries(EXP_CONSTANTS),
      ...Object.entries(LOG_CONSTANTS),
      ...Object.entries(RNG_CONSTANTS),
      ...Object.entries(COS_CONSTANTS),
      ['CAR_MIN_POSITION', MOUNTAIN_CAR.minPosition],
      ['CAR_MAX_POSITION', MOUNTAIN_CAR.maxPosition],
      ['CAR_MAX_SPEED', MOUNTAIN_CAR.maxSpeed],
      ['CAR_GOAL_POSITION', MOUNTAIN_CAR.goalPosition],
      ['CAR_FORCE', MOUNTAIN_CAR.force],
      ['CAR_GRAVITY', MOUNTAIN_CAR.gravity],
      ['ZIG_R', ZIG_R],
      ['TWO_POW_M32', 2 ** -32],
    ]);
    const copies = kernelConstants();
    expect([...copies.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, value] of copies) expect(Object.is(value, expected.get(name)), `${name}: kernel ${value}, core ${expected.get(name)}`).toBe(true);
  });

  it("exp's fast-path constants fill exactly the layout's EXP_CONSTANTS_LENGTH slots", () => {
    const slots = [...source.matchAll(/^const K_\w+ = (\d+);/gm)].map((m) => Number(m[1]));
    expect(slots.sort((a, b) => a - b)).toEqual(Array.from({ length: layout.EXP_CONSTANTS_LENGTH }, (_, k) => k));
  });
});

describe('the shared layout (wasm-kernel-layout.ts)', () => {
  it("gives core's tables their lengths and the generator its 130 words (oracle: @dra/core/internal, Rng.writeWords)", () => {
    expect(ZIG_X).toHaveLength(layout.ZIG_X_LENGTH);
    expect(ZIG_RATIO).toHaveLength(layout.ZIG_RATIO_LENGTH);
    expect(EXP2_TABLE).toHaveLength(layout.EXP2_TABLE_LENGTH);
    expect(POW2).toHaveLength(layout.POW2_LENGTH);
    const words = new Int32Array(layout.RNG_WORDS + 1).fill(7);
    Rng.create(1).writeWords(words, 0);
    expect(words[layout.RNG_WORDS]).toBe(7); // nothing written past the generator's words
    expect(words[(layout.RNG_POSITION_AT - layout.RNG_AT) / 4]).toBe(Rng.create(1).state().generator.i);
    expect(words[(layout.RNG_WEYL_AT - layout.RNG_AT) / 4]).toBe(Rng.create(1).state().generator.w);
  });

  it('keeps the fixed part in order, without overlaps, 8-byte aligned, inside the first page', () => {
    const parts = [
      [layout.RNG_AT, layout.RNG_WORDS * 4],
      [layout.ZIG_X_AT, layout.ZIG_X_LENGTH * 8],
      [layout.ZIG_RATIO_AT, layout.ZIG_RATIO_LENGTH * 8],
      [layout.EXP2_TABLE_AT, layout.EXP2_TABLE_LENGTH * 8],
      [layout.POW2_AT, layout.POW2_LENGTH * 8],
      [layout.EXP_CONSTANTS_AT, layout.EXP_CONSTANTS_LENGTH * 8],
      [layout.STEPS_AT, 8],
    ];
    for (let k = 1; k < parts.length; k++) {
      expect(parts[k]![0]! % 8).toBe(0);
      expect(parts[k]![0]!).toBeGreaterThanOrEqual(parts[k - 1]![0]! + parts[k - 1]![1]!);
    }
    expect(layout.FIXED_END).toBe(layout.STEPS_AT + 8);
    expect(layout.FIXED_END).toBeLessThanOrEqual(65536);
  });
});
