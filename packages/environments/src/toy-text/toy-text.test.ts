import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliffWalkingTableText, frozenLakeTableText, GYMNASIUM_TOY_TEXT_IDS, gymnasiumExportText, pythonFloatText, taxiTableText } from './index.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Oracle: SHA-256 of the files Gymnasium 1.3.0 (Python 3, pip install gymnasium==1.3.0) wrote for
//   json.dump({"P": env.unwrapped.P, "start": list(map(float, env.unwrapped.initial_state_distrib))}, f, default=int)
// with gym.make(id, **kwargs) as named.
const BARE_TABLES: [string, () => string, string][] = [
  ['FrozenLake-v1', () => frozenLakeTableText(), '2a1b408c74cc1df92ff26b6846b95b5c9718df9b55f25287fd16285a862b7a33'],
  ['FrozenLake-v1 is_slippery=False', () => frozenLakeTableText({ slippery: false }), '6a4a297b46bf8c26d0f509d63a4c63ebee32350986752097ef1c95cd694914e2'],
  ['FrozenLake-v1 map_name=8x8', () => frozenLakeTableText({ map: '8x8' }), 'ea9bc16575374d8d914584b4828f68f90359d27be6cfbfc3ed8b3f14975c1524'],
  ['FrozenLake-v1 map_name=8x8 is_slippery=False', () => frozenLakeTableText({ map: '8x8', slippery: false }), 'ae7ce9e32d8bb1bc25a55379919bff1f964a9f2c9720b9e0d732e8864c473056'],
  ['CliffWalking-v1', () => cliffWalkingTableText(), '4ab838dbb1e65fd8ffc938c22e3a4e15d7a8ceb6b215cdf6a953b63645f9c47e'],
  ['CliffWalking-v1 is_slippery=True', () => cliffWalkingTableText({ slippery: true }), '0702a3d464b83e09ae0d48fad7435b1cca18d084b3b3eac2be4c73bfc81e1572'],
  ['Taxi-v4', () => taxiTableText(), 'a2f6da6d7fbbf914dae6e4f1aff11882030a917db2a529936d0e5812fe29a779'],
];

// Oracle: SHA-256 of the files examples/python/export_toy_text.py wrote with Gymnasium 1.3.0.
const EXPORTS: Record<(typeof GYMNASIUM_TOY_TEXT_IDS)[number], string> = {
  'FrozenLake-v1': '9adeeac3703d8c7b9dc597366e65e268cc45343a4292b74f9dcf1a2235ea974d',
  'FrozenLake8x8-v1': '3aef70ccee87ae31be04355df57335d3ad9f1e7dd988cbde0fd41de3b726cd52',
  'CliffWalking-v1': '14fd474bc78abcc113540f5d4183bd295aefd65657ffc88d6fe903339b1156a4',
  'CliffWalkingSlippery-v1': 'ae15c87c72616642aa8aa49aff6f78ca22a2ed85e5bf4b9a742133b65897495d',
  'Taxi-v4': '66a57d02cb1cf3b85105e471b0aad58d32d28ecf810aa7f736123e8dce2dbbb4',
};

describe("Gymnasium's toy-text tables, written without Python", () => {
  it.each(BARE_TABLES)('%s: the bytes json.dump writes in Python', (_id, make, hash) => {
    expect(sha256(make())).toBe(hash);
  });

  it.each(GYMNASIUM_TOY_TEXT_IDS)('%s: the bytes examples/python/export_toy_text.py writes', (id) => {
    expect(sha256(gymnasiumExportText(id))).toBe(EXPORTS[id]);
  });

  it('writes the first outcomes of slippery FrozenLake as Python does: unmerged, the side moves 0.33333333333333337', () => {
    expect(frozenLakeTableText().startsWith('{"P": {"0": {"0": [[0.33333333333333337, 0, 0, false], [0.3333333333333333, 0, 0, false], [0.33333333333333337, 4, 0, false]], ')).toBe(true);
  });
});

describe('pythonFloatText (repr of a Python float)', () => {
  // Oracle: repr() in CPython 3.
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [-100, '-100.0'],
    [0.1, '0.1'],
    [1 / 300, '0.0033333333333333335'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [123456789012345.6, '123456789012345.6'],
    [1e16, '1e+16'],
    [1.2345e22, '1.2345e+22'],
    [5e-324, '5e-324'],
    [Infinity, 'Infinity'],
    [NaN, 'NaN'],
  ])('%s -> %s', (x, text) => {
    expect(pythonFloatText(x)).toBe(text);
  });

  it('reads back as the same double, and integral values keep a ".0" or an exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = pythonFloatText(x);
        expect(Object.is(Number(text), x)).toBe(true);
        expect(/[.e]/.test(text)).toBe(true);
      }),
    );
  });
});
