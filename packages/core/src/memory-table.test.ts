import { describe, expect, it } from 'vitest';
import { MemoryTable } from './memory-table.js';

describe('MemoryTable', () => {
  it('lays out ragged rows: index(s, k) = actionStart[s] + k', () => {
    const m = new MemoryTable([2, 0, 3], { mean: 0.5, sigma: 2 });
    expect(Array.from(m.actionStart)).toEqual([0, 2, 2, 5]);
    expect(m.size).toBe(5);
    expect(m.maxActions).toBe(3);
    expect(m.index(2, 1)).toBe(3);
    expect(m.actionCount(1)).toBe(0);
    expect(m.sigma.every((s) => s === 2)).toBe(true);
  });

  it('round-trips through rows', () => {
    const m = new MemoryTable([2, 1]);
    m.mean.set([1, 2, 3]);
    m.sigma.set([0.1, 0.2, 0.3]);
    const back = MemoryTable.fromRows(JSON.parse(JSON.stringify(m.toRows())));
    expect(Array.from(back.mean)).toEqual([1, 2, 3]);
    expect(Array.from(back.sigma)).toEqual([0.1, 0.2, 0.3]);
  });

  it('rejects malformed rows, naming the entry', () => {
    expect(() => MemoryTable.fromRows({ mean: [[0]], sigma: [[0]] })).toThrow(/sigma\[0\]\[0\] must be a finite number > 0, got 0/);
    expect(() => MemoryTable.fromRows({ mean: [[0, 1]], sigma: [[1]] })).toThrow(/row 0/);
    expect(() => MemoryTable.fromRows({ mean: [[Number.NaN]], sigma: [[1]] })).toThrow(/mean\[0\]\[0\]/);
    expect(() => MemoryTable.fromRows({ mean: [], sigma: [[1]] } as never)).toThrow(/rows/);
    expect(() => MemoryTable.fromRows({} as never)).toThrow(/mean/);
  });

  it('carries memories known exactly through clone and rows, and omits the flags when none are set', () => {
    const m = new MemoryTable([2, 1]);
    expect(m.toRows()).not.toHaveProperty('known');
    m.known[1] = 1;
    expect(m.clone().known[1]).toBe(1);
    const rows = JSON.parse(JSON.stringify(m.toRows()));
    expect(rows.known).toEqual([[false, true], [false]]);
    expect(Array.from(MemoryTable.fromRows(rows).known)).toEqual([0, 1, 0]);
    expect(MemoryTable.fromRows(rows).knownCount()).toBe(1);
  });

  it('rejects malformed known flags, naming the entry', () => {
    const base = { mean: [[0, 0]], sigma: [[1, 1]] };
    expect(() => MemoryTable.fromRows({ ...base, known: [[true]] })).toThrow(/known\[0\] must be an array of 2/);
    expect(() => MemoryTable.fromRows({ ...base, known: [[true, 1]] } as never)).toThrow(/known\[0\]\[1\] must be true or false, got 1/);
    expect(() => MemoryTable.fromRows({ ...base, known: [] })).toThrow(/"known" must be an array of 1 rows/);
  });
});
