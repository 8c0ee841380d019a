// Type tests of the objective contracts, checked by `tsc` (pnpm typecheck).
import { expectTypeOf } from 'vitest';
import type { EstimatorId, ExactForm, Objective, ObjectiveDescription, ObjectivePlugin, ObjectiveSettings } from './index.js';
import { createObjective, DraObjective, OBJECTIVE_SPECIFICATION_VERSION } from './index.js';

// the built-in objectives are objectives that describe themselves
expectTypeOf<DraObjective>().toExtend<Objective>();
expectTypeOf<Objective['description']>().toEqualTypeOf<ObjectiveDescription | undefined>();
expectTypeOf<ObjectiveDescription['exact']>().toEqualTypeOf<ExactForm | null>();
expectTypeOf(createObjective).returns.toEqualTypeOf<Objective>();
expectTypeOf<ObjectiveSettings['estimator']>().toEqualTypeOf<EstimatorId>();

/** A plugin as a user writes it. */
const plugin = {
  specificationVersion: OBJECTIVE_SPECIFICATION_VERSION,
  kind: 'objective' as const,
  id: 'my-objective',
  description: 'DRA under another name',
  estimators: ['A', 'causal'] as EstimatorId[],
  create: (settings: ObjectiveSettings): Objective => new DraObjective(settings),
};
expectTypeOf(plugin).toExtend<ObjectivePlugin>();
// @ts-expect-error kind tells an objective plugin from an environment plugin
const noKind: ObjectivePlugin = { ...plugin, kind: undefined };
// @ts-expect-error estimators are estimator ids
const badEstimator: ObjectivePlugin = { ...plugin, estimators: ['B'] };
// @ts-expect-error an exact form's cost is paid globally or per visit
const badForm: ExactForm = { returnWeight: 1, cost: { kind: 'per-step', weight: 1, sigmaBase: 5 }, entropy: null };

void [noKind, badEstimator, badForm];
