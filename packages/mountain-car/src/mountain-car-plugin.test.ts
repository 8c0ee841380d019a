import { EnvironmentRegistry } from '@dra/environments';
import { assertEnvironmentConformance } from '@dra/environments/testing';
import { describe, expect, it } from 'vitest';
import { mountainCarPlugin } from './mountain-car-plugin.js';

describe('mountain-car plugin', () => {
  it('registers explicitly and passes the conformance kit', () => {
    const registry = new EnvironmentRegistry().register(mountainCarPlugin);
    expect(registry.describe('mountain-car')).toMatchObject({ stateCount: 285, actionsPerState: [3], tabularModel: false, horizon: null });
    assertEnvironmentConformance(() => registry.create('mountain-car'), { episodes: 10 });
  });
});
