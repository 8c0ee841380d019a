import type { Environment, MemoryTable, Policy } from '@dra/core';
import type { Objective } from '@dra/objectives';
import { kernelRefusal } from './kernel-refusal.js';
import { KERNEL_ESTIMATORS } from './kernel-gradient.js';
import { wasmKernelAvailable } from './wasm-kernel-module.js';

/**
 * Where `train` runs a run's work, and why. `train` chooses once, before the first episode,
 * from what the environment, the policy and the objective declare of themselves (never from
 * their classes): the environment's `kernelModel` or `kernelDynamics`, the policy's `kernel`, the objective's
 * `description.kernel`. Either path gives the same bits; the kernel is only faster.
 */
export interface TrainingPath {
  /** 'kernel': the learning and evaluation episodes run in WebAssembly; 'typescript': through the environment's and policy's own methods. */
  readonly path: 'kernel' | 'typescript';
  /** Why the episodes run there. */
  readonly reason: string;
  /** Where the sigma gradient comes from: rollouts in the kernel or in TypeScript, or the exact evaluator (`exactGradient`). */
  readonly gradient: 'kernel' | 'typescript' | 'exact';
  /** Why the gradient comes from there. */
  readonly gradientReason: string;
}

/** What besides the environment, policy and objective decides the path (as in `TrainOptions`). */
export interface TrainingPathOptions {
  /** The memory the run trains: the kernel also needs it to have the kernel model's layout. */
  memory?: MemoryTable;
  /** false keeps everything in TypeScript (default true). */
  wasm?: boolean;
  /** The sigma gradient from the exact evaluator instead of rollouts. */
  exactGradient?: boolean;
}

/** The path `train` takes for these settings, with its reasons (e.g. for a CLI to report). */
export function trainingPath(environment: Environment, policy: Policy, objective: Objective, options: TrainingPathOptions = {}): TrainingPath {
  const episodes = episodesPath(environment, policy, options);
  if (options.exactGradient) {
    return { ...episodes, gradient: 'exact', gradientReason: `exactGradient: the exact evaluator on the environment's tabular model, from objective ${objective.id}'s exact form` };
  }
  if (episodes.path === 'typescript') return { ...episodes, gradient: 'typescript', gradientReason: 'the episodes run in TypeScript, and so do the gradient rollouts' };
  const declared = objective.description?.kernel ?? null;
  if (declared === null) {
    const what = objective.description === undefined ? 'has no description' : 'declares no kernel path (description.kernel is null)';
    return { ...episodes, gradient: 'typescript', gradientReason: `objective ${objective.id} ${what}: its own accumulateEpisode runs` };
  }
  if (!KERNEL_ESTIMATORS.includes(declared.estimator)) {
    return { ...episodes, gradient: 'typescript', gradientReason: `objective ${objective.id} declares the kernel estimator ${JSON.stringify(declared.estimator)}, which the kernel does not have (${KERNEL_ESTIMATORS.join(', ')}): its own accumulateEpisode runs` };
  }
  return { ...episodes, gradient: 'kernel', gradientReason: `objective ${objective.id} declares the '${declared.estimator}' estimator (description.kernel)` };
}

function episodesPath(environment: Environment, policy: Policy, options: TrainingPathOptions): Pick<TrainingPath, 'path' | 'reason'> {
  if (options.wasm === false) return { path: 'typescript', reason: 'wasm: false keeps every episode in TypeScript' };
  const refusal = kernelRefusal(environment, policy, options.memory);
  if (refusal !== null) return { path: 'typescript', reason: refusal };
  if (!wasmKernelAvailable()) return { path: 'typescript', reason: 'WebAssembly is unavailable in this runtime' };
  const declaration = environment.kernelModel ? 'a kernelModel' : `the kernel dynamics '${environment.kernelDynamics?.kind}'`;
  return { path: 'kernel', reason: `environment ${environment.id} declares ${declaration} and policy ${policy.id} the 'soft-thompson' kernel` };
}
