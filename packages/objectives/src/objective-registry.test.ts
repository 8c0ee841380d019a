import { BadInputError } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createObjective } from './create-objective.js';
import { DraObjective } from './dra-global-cost.js';
import { Eq10Objective } from './eq10-global-cost.js';
import { Eq8Objective } from './eq8-per-visit.js';
import { UNBIASED_ESTIMATOR_IDS } from './gradient-estimator.js';
import { OBJECTIVE_SPECIFICATION_VERSION, type ObjectivePlugin } from './objective-plugin.js';
import { createBuiltInObjectives, ObjectiveRegistry } from './objective-registry.js';

/** A plugin objective: Eq. 8's objective under another id, taking the causal estimator only. */
const perVisit: ObjectivePlugin = {
  specificationVersion: OBJECTIVE_SPECIFICATION_VERSION,
  kind: 'objective',
  id: 'per-visit-causal',
  description: 'Eq. 8 with the causal estimator only',
  estimators: ['causal'],
  create: ({ lambda, sigmaBase }) => new Eq8Objective({ lambda, sigmaBase, estimator: 'causal' }),
};

const settings = { lambda: 0.1, sigmaBase: 5 };

describe('ObjectiveRegistry', () => {
  it('builds the built-in objectives by id, as their classes', () => {
    const registry = createBuiltInObjectives();
    expect(registry.ids()).toEqual(['dra', 'eq8', 'eq10']);
    expect(registry.create({ ...settings, objective: 'dra', estimator: 'A' })).toBeInstanceOf(DraObjective);
    expect(registry.create({ ...settings, objective: 'eq8', estimator: 'causal' })).toBeInstanceOf(Eq8Objective);
    expect(registry.create({ ...settings, objective: 'eq10', estimator: 'critic', tRef: 3 })).toBeInstanceOf(Eq10Objective);
  });

  it("names the setting that is wrong: the id, an estimator the objective does not take, Eq. 10's T_ref", () => {
    const registry = createBuiltInObjectives();
    expect(() => registry.create({ ...settings, objective: 'eq9', estimator: 'A' })).toThrow(new BadInputError('objective must be one of dra, eq8, eq10, got eq9'));
    expect(() => registry.create({ ...settings, objective: 'eq8', estimator: 'A' })).toThrow(`estimator A is the paper's DRA estimator; eq8 takes ${UNBIASED_ESTIMATOR_IDS.join(', ')}`);
    expect(() => registry.create({ ...settings, objective: 'eq10', estimator: 'causal' })).toThrow(/^tRef: Eq. 10 needs T_ref/);
    registry.register(perVisit);
    expect(() => registry.create({ ...settings, objective: 'per-visit-causal', estimator: 'critic' })).toThrow('estimator critic is not one per-visit-causal takes; per-visit-causal takes causal');
  });

  it('takes a plugin objective, which createObjective then builds; refuses a second plugin of the same id and broken plugins', () => {
    const registry = createBuiltInObjectives().register(perVisit);
    expect(registry.ids()).toEqual(['dra', 'eq8', 'eq10', 'per-visit-causal']);
    const objective = createObjective({ ...settings, objective: 'per-visit-causal', estimator: 'causal' }, registry);
    expect(objective.id).toBe('eq8');
    expect(() => createObjective({ ...settings, objective: 'per-visit-causal', estimator: 'causal' })).toThrow('objective must be one of dra, eq8, eq10, got per-visit-causal');
    expect(() => registry.register(perVisit)).toThrow('objective plugin per-visit-causal: id: an objective with this id is already registered');
    expect(() => new ObjectiveRegistry().register({ ...perVisit, specificationVersion: 2 } as unknown as ObjectivePlugin)).toThrow(/specification-version: declares specificationVersion 2/);
    expect(() => new ObjectiveRegistry().register({ ...perVisit, kind: 'environment' } as unknown as ObjectivePlugin)).toThrow(/kind: kind must be 'objective', got environment/);
    expect(() => new ObjectiveRegistry().register({ ...perVisit, id: 'Per Visit' })).toThrow(/id: id must be lower-case/);
    expect(() => new ObjectiveRegistry().register({ ...perVisit, estimators: ['B' as 'A'] })).toThrow(/estimators: unknown estimator B/);
    expect(() => new ObjectiveRegistry().register({ ...perVisit, estimators: [] })).toThrow(/estimators: estimators must be a non-empty list/);
  });
});
