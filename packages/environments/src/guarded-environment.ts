import { BadInputError, ENVIRONMENT_SPECIFICATION_VERSION, EnvironmentFaultError, type Environment, type EnvironmentPlugin, type Rng } from '@dra/core';

/** Steps after which an episode of an environment without a finite horizon is truncated (as Gymnasium's TimeLimit does). */
export const DEFAULT_STEP_LIMIT = 100_000;

/**
 * An environment from outside the toolkit, checked while it runs: a call that throws, a state
 * out of range, a non-finite reward or an action count of zero in a live state becomes an
 * `EnvironmentFaultError` naming the environment, its source, the rule, the state and the step;
 * an episode longer than the horizon (or `DEFAULT_STEP_LIMIT` without one) is truncated, so
 * every episode ends. Everything else is passed through unchanged (same draws, same bits).
 */
export class GuardedEnvironment implements Environment {
  readonly specificationVersion = ENVIRONMENT_SPECIFICATION_VERSION;
  private steps = 0;
  private limited = false;
  private readonly stepLimit: number;

  constructor(
    private readonly inner: Environment,
    /** Where the environment comes from, for messages ("--plugin './my-env.mjs'"). */
    private readonly source: string,
    stepLimit = DEFAULT_STEP_LIMIT,
  ) {
    this.stepLimit = Number.isFinite(inner.horizon) ? Math.min(inner.horizon, stepLimit) : stepLimit;
  }

  get id(): string {
    return this.inner.id;
  }
  get stateCount(): number {
    return this.inner.stateCount;
  }
  get actionCounts(): Int32Array {
    return this.inner.actionCounts;
  }
  get horizon(): number {
    return this.inner.horizon;
  }
  get model() {
    return this.inner.model;
  }
  get state(): number {
    return this.inner.state;
  }
  get observation(): Float64Array | undefined {
    return this.inner.observation;
  }
  get terminated(): boolean {
    return this.inner.terminated;
  }
  get truncated(): boolean {
    return this.limited || this.inner.truncated;
  }

  reset(rng: Rng): number {
    this.steps = 0;
    this.limited = false;
    const state = this.call('reset', () => this.inner.reset(rng), -1, -1);
    this.checkState('reset', state, -1);
    return state;
  }

  step(action: number, rng: Rng): number {
    const from = this.inner.state;
    const count = this.inner.actionCounts[from] ?? 0;
    // An action outside the state's set is the caller's mistake, refused before the environment sees it.
    if (!Number.isSafeInteger(action) || action < 0 || action >= count) throw new BadInputError(`action must be a whole number from 0 to ${count - 1} in state ${from} of ${this.inner.id}, got ${action}`);
    const reward = this.call('step', () => this.inner.step(action, rng), from, action);
    this.steps++;
    if (!Number.isFinite(reward)) this.fault('rewards are finite numbers', `step ${this.steps} from state ${from} with action ${action} returned reward ${reward}`);
    this.checkState('step', this.inner.state, action);
    if (!this.inner.terminated && !this.inner.truncated && this.steps >= this.stepLimit) this.limited = true;
    return reward;
  }

  get resetTo(): Environment['resetTo'] {
    const inner = this.inner.resetTo;
    if (inner === undefined) return undefined;
    return (start) => {
      this.steps = 0;
      this.limited = false;
      const state = this.call('resetTo', () => inner.call(this.inner, start), -1, -1);
      this.checkState('resetTo', state, -1);
      return state;
    };
  }

  get setEpisode(): Environment['setEpisode'] {
    const inner = this.inner.setEpisode;
    return inner === undefined ? undefined : (episode) => this.call('setEpisode', () => inner.call(this.inner, episode), -1, -1);
  }

  get mapLayout(): Environment['mapLayout'] {
    const inner = this.inner.mapLayout;
    return inner === undefined ? undefined : (episode) => this.call('mapLayout', () => inner.call(this.inner, episode), -1, -1);
  }

  private call<T>(name: string, run: () => T, state: number, action: number): T {
    try {
      return run();
    } catch (error) {
      const where = name === 'step' ? `step ${this.steps + 1} from state ${state} with action ${action}` : name;
      return this.fault(`${name}() does not throw`, `${where} threw: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private checkState(name: string, state: number, action: number): void {
    if (!Number.isSafeInteger(state) || state < 0 || state >= this.inner.stateCount) {
      this.fault('states are whole numbers from 0 to stateCount - 1', `${name}${action >= 0 ? ` (step ${this.steps}, action ${action})` : ''} gave state ${state} of ${this.inner.stateCount}`);
    }
    if (!this.inner.terminated && !this.inner.truncated && this.inner.actionCounts[state] === 0) {
      this.fault('a live state has at least one action', `${name} (step ${this.steps}) reached state ${state}, which has no actions, without ending the episode`);
    }
  }

  private fault(rule: string, what: string): never {
    throw new EnvironmentFaultError(`environment '${this.inner.id}' (${this.source}) broke a rule while running: ${rule}; ${what}`, this.inner.id);
  }
}

/**
 * The plugin with every environment it creates wrapped in a `GuardedEnvironment`, except those
 * with a tabular model (checked whole by the conformance kit; they keep their class, which the
 * fast training kernel needs, so their own `step` runs unguarded where the TypeScript path
 * calls it). A plugin that rejects its options (a RangeError) gives a bad-input error naming it.
 */
export function guardedPlugin<Options extends object>(plugin: EnvironmentPlugin<Options>, source: string, stepLimit = DEFAULT_STEP_LIMIT): EnvironmentPlugin<Options> {
  return {
    specificationVersion: plugin.specificationVersion,
    id: plugin.id,
    description: plugin.description,
    options: plugin.options,
    ...(plugin.paperSettings === undefined ? {} : { paperSettings: plugin.paperSettings }),
    create: (options) => {
      let environment: Environment;
      try {
        environment = plugin.create(options);
      } catch (error) {
        // A plugin rejecting its options is bad input (the contract: a RangeError naming the option); anything else is a fault of the plugin.
        if (error instanceof RangeError) throw new BadInputError(error.message); // as the plugin words it: "length must be ..., got 1"
        throw new EnvironmentFaultError(`environment '${plugin.id}' (${source}) broke a rule while running: create() does not throw; it threw: ${(error as Error)?.message ?? String(error)}`, plugin.id);
      }
      return environment.model === undefined ? new GuardedEnvironment(environment, source, stepLimit) : environment;
    },
  };
}
