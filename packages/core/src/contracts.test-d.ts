// Type tests of core's contracts, checked by `tsc` (pnpm typecheck): what a plugin author may
// write compiles, and each broken shape below is a type error (@ts-expect-error fails the check
// when the error goes away).
import { expectTypeOf } from 'vitest';
import type { Environment, EnvironmentPlugin, KernelDynamics, KernelModel, MapLayout, Policy, Rng } from './index.js';

/** The smallest environment: one state, one action, an episode of one step. */
const oneStep = {
  specificationVersion: 1 as const,
  id: 'one-step',
  stateCount: 1,
  actionCounts: Int32Array.of(1),
  horizon: 1,
  state: 0,
  terminated: false,
  truncated: false,
  reset: (_rng: Rng) => 0,
  step: (_action: number, _rng: Rng) => 1,
};
expectTypeOf(oneStep).toExtend<Environment>();

// optional members keep their shapes
expectTypeOf<Environment['mapLayout']>().toEqualTypeOf<((episode: number) => MapLayout | null) | undefined>();
expectTypeOf<Environment['kernelModel']>().toEqualTypeOf<KernelModel | null | undefined>();
expectTypeOf<Environment['kernelDynamics']>().toEqualTypeOf<KernelDynamics | null | undefined>();
expectTypeOf<Environment['setEpisode']>().toEqualTypeOf<((episode: number) => void) | undefined>();

// a wrong contract version, or a step that returns no reward, is not an environment
// @ts-expect-error specificationVersion is the literal 1
const wrongVersion: Environment = { ...oneStep, specificationVersion: 2 };
// @ts-expect-error step returns the reward (a number)
const noReward: Environment = { ...oneStep, step: () => undefined };

/** A plugin with one integer option and a preset. */
const plugin = {
  specificationVersion: 1 as const,
  id: 'one-step',
  description: 'one state, one action, reward 1',
  options: { length: { type: 'integer' as const, default: 1, description: 'moves per episode' } },
  paperSettings: { episodes: 100, lambda: 0.1 },
  create: (_options?: Partial<{ length: number }>): Environment => oneStep,
};
expectTypeOf(plugin).toExtend<EnvironmentPlugin<{ length: number }>>();
// @ts-expect-error option types are 'integer', 'number' or 'boolean'
const badOption: EnvironmentPlugin = { ...plugin, options: { length: { type: 'text', default: 1, description: '' } } };
// @ts-expect-error a preset setting has its declared type
const badPreset: EnvironmentPlugin = { ...plugin, paperSettings: { episodes: 'many' } };

// a policy's beta is writable (a schedule changes it between episodes); its id is not
expectTypeOf<Policy['beta']>().toEqualTypeOf<number>();
declare const policy: Policy;
// @ts-expect-error id is read-only
policy.id = 'other';

void [wrongVersion, noReward, badOption, badPreset];
