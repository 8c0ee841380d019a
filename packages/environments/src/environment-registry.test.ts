import { ENVIRONMENT_SPECIFICATION_VERSION, PluginContractError } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createBuiltInRegistry, huysPlugin } from './built-in-plugins.js';
import { EnvironmentRegistry } from './environment-registry.js';

describe('EnvironmentRegistry', () => {
  it('starts empty: importing registers nothing', () => {
    expect(new EnvironmentRegistry().ids()).toEqual([]);
    expect(createBuiltInRegistry().ids()).toEqual(['huys', 'maze']);
  });

  it('describes environments: states, actions per state, model, horizon, options with defaults', () => {
    const registry = createBuiltInRegistry();
    expect(registry.describe('maze')).toMatchObject({ stateCount: 54, actionsPerState: [4], tabularModel: true, horizon: null });
    const huys = registry.describe('huys', { depth: 3 });
    expect(huys).toMatchObject({ stateCount: 24, actionsPerState: [2], statesWithoutActions: 6, tabularModel: true, horizon: 3 });
    expect(huys.options.depth!.default).toBe(3);
  });

  it('names unknown ids with the known ones, unknown options, and bad option values', () => {
    const registry = createBuiltInRegistry();
    expect(() => registry.get('moon')).toThrow('unknown environment "moon" (known: huys, maze)');
    expect(() => registry.create('huys', { dept: 3 })).toThrow('environment huys has no option "dept" (options: depth)');
    expect(() => registry.create('huys', { depth: 0 })).toThrow(/depth must be a whole number >= 1, got 0/);
    expect(() => registry.register(huysPlugin)).toThrow(/already registered/);
  });

  it('refuses plugins that break the contract, naming the rule', () => {
    const registry = new EnvironmentRegistry();
    const good = { specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION, id: 'x', description: 'd', options: {}, create: () => { throw new Error(); } };
    const cases: [unknown, string][] = [
      [{ ...good, specificationVersion: 2 }, 'specification-version'],
      [{ ...good, id: 'Bad Id' }, 'id'],
      [{ ...good, create: undefined }, 'create'],
      [{ ...good, description: undefined }, 'description'],
      [{ ...good, options: { depth: { type: 'text' } } }, 'options'],
      [{ ...good, paperSettings: 5 }, 'paper-settings'],
      [null, 'plugin-object'],
    ];
    for (const [plugin, rule] of cases) {
      let error: unknown;
      try {
        registry.register(plugin as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PluginContractError);
      expect((error as PluginContractError).rule).toBe(rule);
    }
  });
});
