import type { Environment, MemoryTable, Policy, TabularModel } from '@dra/core';

/**
 * Why the kernel cannot run the episodes of this environment and policy, or null when it can
 * (WebAssembly availability aside). It reads their declarations only: the environment's
 * `kernelModel` (@dra/core `KernelModel`) or `kernelDynamics` (`KernelDynamics`: mountain car),
 * and the policy's `kernel` ('soft-thompson'); with a memory, also that the memory has the
 * model's or the dynamics' layout.
 */
export function kernelRefusal(environment: Environment, policy: Policy, memory?: MemoryTable): string | null {
  const declared = environment.kernelModel;
  const dynamics = declared ? null : environment.kernelDynamics;
  if (!declared && !dynamics) return `environment ${environment.id} declares no kernelModel or kernelDynamics (its reset and step are not a tabular model's sampling or a dynamics the kernel mirrors)`;
  if (dynamics && dynamics.kind !== 'mountain-car') return `environment ${environment.id} declares the kernel dynamics '${String(dynamics.kind)}', which this kernel does not run`;
  const kind = policy.kernel?.kind;
  if (kind === undefined) return `policy ${policy.id} declares no kernel twin (policy.kernel is ${policy.kernel === undefined ? 'absent' : 'null'})`;
  if (kind !== 'soft-thompson') return `policy ${policy.id} declares the kernel '${String(kind)}', which this kernel does not run`;
  if (memory === undefined) return null;
  return declared ? layoutRefusal(declared.model, memory) : carLayoutRefusal(memory);
}

/** Why the memory is not mountain car's (19 x 15 states of 3 actions), or null. */
function carLayoutRefusal(memory: MemoryTable): string | null {
  const states = MOUNTAIN_CAR_STATES;
  if (memory.stateCount !== states) return `the memory has ${memory.stateCount} states, mountain car ${states}`;
  for (let s = 0; s < states; s++) if (memory.actionCount(s) !== 3) return `the memory's state ${s} has ${memory.actionCount(s)} actions, mountain car's 3`;
  return null;
}

/** Mountain car's tabular states: 19 position bins x 15 velocity bins (KernelDynamics of @dra/core). */
const MOUNTAIN_CAR_STATES = 19 * 15;

/**
 * The model the kernel lays out for a named dynamics: the memory's states and actions, no
 * outcomes (the dynamics compute each step), no start distribution or terminal states.
 */
export function dynamicsShell(memory: MemoryTable): TabularModel {
  const states = memory.stateCount;
  return {
    stateCount: states,
    actionStart: memory.actionStart.slice(0, states + 1),
    transitionStart: new Int32Array(memory.size + 1),
    nextState: new Int32Array(0),
    probability: new Float64Array(0),
    reward: new Float64Array(0),
    start: new Float64Array(states),
    terminal: new Uint8Array(states),
    horizon: Infinity,
  } as TabularModel;
}

/** Why the memory does not fit the model (states, actions per state), or null. */
export function layoutRefusal(model: TabularModel, memory: MemoryTable): string | null {
  if (model.stateCount !== memory.stateCount) return `the memory has ${memory.stateCount} states, the kernel model ${model.stateCount}`;
  for (let s = 0; s <= model.stateCount; s++) {
    if (model.actionStart[s] !== memory.actionStart[s]) return `the memory's actions of state ${Math.max(0, s - 1)} differ from the kernel model's`;
  }
  return null;
}

