import { Rng, type Environment } from '@dra/core';

/** A broken rule and what was seen. */
export interface ConformanceFailure {
  rule: string;
  message: string;
}

/** How hard `checkEnvironmentConformance` tries: episodes, seed and a cap on episode length. */
export interface ConformanceOptions {
  /** Episodes to run with random actions. Default 30. */
  episodes?: number;
  /** Seed of the random actions and of the environment. Default 1. */
  seed?: number;
  /** Episodes longer than this stop early (not a failure). Default 5000. */
  maxStepsPerEpisode?: number;
}

const TOLERANCE = 1e-12;

/**
 * Checks an environment factory against the contract, in the spirit of Gymnasium's env
 * checker. Rules: `description` (stateCount, actionCounts, horizon), `model-probabilities`
 * (outcomes sum to 1, next states in range, finite rewards), `state-range`,
 * `finite-rewards`, `flags` (never both terminated and truncated; terminal states of the
 * model end the episode; a fixed horizon is respected), `model-agreement` (every step is
 * an outcome of the model), `invalid-action` (an action outside the set is refused),
 * `step-after-end` (refused), `determinism` (the same seed gives the same trajectory),
 * `episodes-end` (without a horizon, some random-action episode ends within the cap),
 * `independent-instances` (two instances stepped in turn give what each gives alone).
 * Returns every failure found; an empty list means the environment conforms.
 */
export function checkEnvironmentConformance(create: () => Environment, options: ConformanceOptions = {}): ConformanceFailure[] {
  const failures: ConformanceFailure[] = [];
  const fail = (rule: string, message: string) => {
    if (!failures.some((f) => f.rule === rule)) failures.push({ rule, message });
  };
  const episodes = options.episodes ?? 30;
  const seed = options.seed ?? 1;
  const cap = options.maxStepsPerEpisode ?? 5000;
  let env: Environment;
  try {
    env = create();
  } catch (error) {
    return [{ rule: 'create', message: `the factory threw: ${(error as Error).message}` }];
  }
  checkDescription(env, fail);
  checkModel(env, fail);
  const first = runEpisodes(create(), seed, episodes, cap, fail);
  const second = runEpisodes(create(), seed, episodes, cap, () => {});
  if (first.trace !== second.trace) fail('determinism', 'two runs with the same seed and actions gave different trajectories');
  if (first.ended === 0 && episodes > 0 && !Number.isFinite(env.horizon) && failures.length === 0) {
    fail('episodes-end', `none of ${episodes} episodes with random actions ended within ${cap} steps, and there is no horizon: set a horizon or a time limit (truncated)`);
  }
  // Two instances stepped in turn must give what each gives alone: state shared between
  // instances (module-level variables) would break the same-bytes-on-N-threads promise.
  if (failures.length === 0) {
    const other = runEpisodes(create(), seed + 1, episodes, cap, () => {});
    const a = episodeSteps(create(), seed, episodes, cap, () => {});
    const b = episodeSteps(create(), seed + 1, episodes, cap, () => {});
    let ra = a.next();
    let rb = b.next();
    while (!ra.done || !rb.done) {
      if (!ra.done) ra = a.next();
      if (!rb.done) rb = b.next();
    }
    if (ra.value.trace !== first.trace || rb.value.trace !== other.trace) {
      fail('independent-instances', 'two instances stepped in turn gave other trajectories than each alone: instances share state (module-level variables?)');
    }
  }
  return failures;
}

/** Throws an Error listing every broken rule; returns quietly when the environment conforms. */
export function assertEnvironmentConformance(create: () => Environment, options?: ConformanceOptions): void {
  const failures = checkEnvironmentConformance(create, options);
  if (failures.length > 0) {
    throw new Error(`environment does not conform:\n${failures.map((f) => `  [${f.rule}] ${f.message}`).join('\n')}`);
  }
}

type Fail = (rule: string, message: string) => void;

function checkDescription(env: Environment, fail: Fail): void {
  if (!Number.isInteger(env.stateCount) || env.stateCount < 1) fail('description', `stateCount must be a whole number >= 1, got ${env.stateCount}`);
  if (!(env.actionCounts instanceof Int32Array) || env.actionCounts.length !== env.stateCount) {
    fail('description', `actionCounts must be an Int32Array of length stateCount (${env.stateCount})`);
  } else if (env.actionCounts.some((k) => k < 0)) fail('description', 'actionCounts has a negative entry');
  if (!(env.horizon === Infinity || (Number.isInteger(env.horizon) && env.horizon >= 1))) {
    fail('description', `horizon must be Infinity or a whole number >= 1, got ${env.horizon}`);
  }
}

function checkModel(env: Environment, fail: Fail): void {
  const m = env.model;
  if (m === undefined) return;
  if (m.stateCount !== env.stateCount) fail('description', `model has ${m.stateCount} states, the environment ${env.stateCount}`);
  for (let s = 0; s < m.stateCount; s++) {
    if (m.actionStart[s + 1]! - m.actionStart[s]! !== env.actionCounts[s]) {
      fail('description', `state ${s}: the model has ${m.actionStart[s + 1]! - m.actionStart[s]!} actions, actionCounts says ${env.actionCounts[s]}`);
    }
    for (let i = m.actionStart[s]!; i < m.actionStart[s + 1]!; i++) {
      let total = 0;
      for (let j = m.transitionStart[i]!; j < m.transitionStart[i + 1]!; j++) {
        total += m.probability[j]!;
        if (!(m.nextState[j]! >= 0 && m.nextState[j]! < m.stateCount)) fail('model-probabilities', `state ${s}: next state ${m.nextState[j]} out of range`);
        if (!Number.isFinite(m.reward[j]!)) fail('model-probabilities', `state ${s}: reward ${m.reward[j]} is not finite`);
      }
      if (Math.abs(total - 1) > TOLERANCE) fail('model-probabilities', `state ${s}, action ${i - m.actionStart[s]!}: probabilities sum to ${total}`);
    }
  }
}

/** Runs episodes with seeded random actions, checking per-step rules; returns a trajectory digest. */
/** The trace of random-action episodes (for comparisons) and how many ended by themselves. */
interface EpisodeTrace {
  trace: string;
  ended: number;
}

function runEpisodes(env: Environment, seed: number, episodes: number, cap: number, fail: Fail): EpisodeTrace {
  const steps = episodeSteps(env, seed, episodes, cap, fail);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs random-action episodes one step per `next()`, checking each step; returns the trace. */
function* episodeSteps(env: Environment, seed: number, episodes: number, cap: number, fail: Fail): Generator<void, EpisodeTrace, void> {
  const rng = Rng.create(seed);
  let ended = 0;
  const envRng = rng.stream('environment');
  const parts: string[] = [];
  for (let e = 0; e < episodes; e++) {
    let state: number;
    try {
      state = env.reset(envRng);
    } catch (error) {
      fail('reset', `reset threw: ${(error as Error).message}`);
      return { trace: parts.join(';'), ended };
    }
    checkState(env, state, fail);
    parts.push(`r${state}`);
    let steps = 0;
    while (!env.terminated && !env.truncated && steps < cap) {
      const count = env.actionCounts[state] ?? 0;
      if (count < 1) {
        fail('state-range', `live state ${state} has no actions`);
        break;
      }
      if (e === 0 && steps === 0) {
        let refused = false;
        try {
          env.step(count, envRng);
        } catch {
          refused = true;
        }
        if (!refused) {
          fail('invalid-action', `step(${count}) in state ${state} (which has ${count} actions) was accepted`);
          return { trace: parts.join(';'), ended };
        }
      }
      const action = rng.integer(count);
      const before = state;
      const reward = env.step(action, envRng);
      state = env.state;
      steps++;
      if (!Number.isFinite(reward)) fail('finite-rewards', `reward ${reward} at step ${steps} of episode ${e}`);
      checkState(env, state, fail);
      if (env.terminated && env.truncated) fail('flags', 'terminated and truncated are both set');
      if (env.model !== undefined) {
        const m = env.model;
        const i = m.actionStart[before]! + action;
        let found = false;
        for (let j = m.transitionStart[i]!; j < m.transitionStart[i + 1]!; j++) {
          if (m.nextState[j] === state && m.probability[j]! > 0 && Math.abs(m.reward[j]! - reward) <= TOLERANCE * Math.max(1, Math.abs(reward))) found = true;
        }
        if (!found) fail('model-agreement', `step(${action}) from state ${before} gave (${state}, ${reward}), not an outcome of the model`);
        if ((m.terminal[state] === 1) !== env.terminated) fail('flags', `state ${state}: terminated is ${env.terminated} but the model's terminal flag is ${m.terminal[state]}`);
      }
      if (Number.isFinite(env.horizon) && steps > env.horizon) fail('flags', `episode ${e} ran past its horizon ${env.horizon}`);
      parts.push(`${action}>${state}:${reward}:${env.terminated ? 1 : 0}${env.truncated ? 1 : 0}`);
      yield;
    }
    if (env.terminated || env.truncated) {
      ended++;
      let refused = false;
      try {
        env.step(0, envRng);
      } catch {
        refused = true;
      }
      if (!refused) fail('step-after-end', 'step() after the episode ended was accepted');
    }
  }
  return { trace: parts.join(';'), ended };
}

function checkState(env: Environment, state: number, fail: Fail): void {
  if (!Number.isInteger(state) || state < 0 || state >= env.stateCount) fail('state-range', `state ${state} is outside 0..${env.stateCount - 1}`);
  if (state !== env.state) fail('state-range', `reset/step returned state ${state} but env.state is ${env.state}`);
}
