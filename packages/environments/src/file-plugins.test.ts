import { checkEnvironmentPlugin, EnvironmentFileError } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createGridFilePlugin, createTabularFilePlugin } from './file-plugins.js';
import { gridWorldModel, parseGridMap } from './grid-world.js';
import { frozenLakeTableText, gymnasiumExportText } from './toy-text/index.js';

const files: Record<string, string> = {
  '/lake.json': gymnasiumExportText('FrozenLake-v1'),
  '/bare.json': frozenLakeTableText(),
  '/broken.json': '{"P": {"0": {"0": [[1.0, 0, 0, false]]}}, "start": [1.0]',
  '/room.map': 'S..\n.#.\n..G\n',
  '/bad.map': 'S.x\n..G\n',
};
const readFile = (path: string, option: string) => {
  const text = files[path];
  if (text === undefined) throw new Error(`${option}: no file ${path}`);
  return text;
};

describe('the file-based environment plugins', () => {
  it('meet the plugin contract, with options of type path', () => {
    for (const plugin of [createTabularFilePlugin(readFile), createGridFilePlugin(readFile)]) {
      checkEnvironmentPlugin(plugin);
      expect(Object.values(plugin.options).some((o) => o.type === 'path')).toBe(true);
    }
  });

  it('tabular: takes the time limit and the names from the file; --max-steps overrides the limit', () => {
    const plugin = createTabularFilePlugin(readFile);
    const lake = plugin.create({ model: '/lake.json' });
    expect(lake.stateCount).toBe(16);
    expect((lake as unknown as { stepLimit: number }).stepLimit).toBe(100);
    expect(lake.actionName!(0, 0)).toBe('left');
    expect((plugin.create({ model: '/lake.json', maxSteps: 7 }) as unknown as { stepLimit: number }).stepLimit).toBe(7);
    expect((plugin.create({ model: '/bare.json' }) as unknown as { stepLimit: number }).stepLimit).toBe(100_000);
  });

  it('tabular: a missing model option, invalid JSON and a bad map are refused with the file named', () => {
    expect(() => createTabularFilePlugin(readFile).create({})).toThrow('model must be the path of a model file (--model FILE), got none');
    expect(() => createTabularFilePlugin(readFile).create({ model: '/broken.json' })).toThrow(EnvironmentFileError);
    expect(() => createTabularFilePlugin(readFile).create({ model: '/broken.json' })).toThrow("model file '/broken.json': not valid JSON");
    expect(() => createGridFilePlugin(readFile).create({ map: '/bad.map' })).toThrow("map file '/bad.map': grid map has unknown character 'x' at row 0, column 2 (use . # S G)");
  });

  it('grid: a map of any size, with slip split between the two sides and merged where moves coincide', () => {
    const room = createGridFilePlugin(readFile).create({ map: '/room.map', slip: 0.2 });
    expect(room.stateCount).toBe(9);
    const model = room.model!;
    // From the corner (0,0), up: the move and the slip left both stay (0.8 + 0.1), the slip right reaches (0,1).
    const i = model.actionStart[0]! + 0;
    const outcomes = [];
    for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) outcomes.push([model.nextState[j], model.probability[j]]);
    expect(outcomes).toEqual([
      [0, 0.8 + 0.1],
      [1, 0.1],
    ]);
    expect(room.stateName!(5)).toBe('row 1, column 2');
  });

  it('grid: without slip the model is the deterministic one', () => {
    const grid = parseGridMap(files['/room.map']!);
    expect(createGridFilePlugin(readFile).create({ map: '/room.map' }).model).toEqual(gridWorldModel(grid, 10, -1));
    expect(() => createGridFilePlugin(readFile).create({ map: '/room.map', slip: 1.5 })).toThrow('slip must be a probability in [0, 1], got 1.5');
  });
});
