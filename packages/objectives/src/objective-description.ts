import { BadInputError } from '@dra/core';
import type { StateTermWeights } from './state-terms.js';

/**
 * An objective written as a weighted sum of the terms the exact evaluator knows (docs/math.md 1, 4.3-4.4):
 *   F = returnWeight E[sum_{t<L} r_t] - cost + entropy,
 * - cost 'global': weight * KL_all, paid once for the whole table (DRA, Eq. 10);
 *   cost 'per-visit': weight * E[sum_{t<L} KL(s_t)], paid at every visit (Eq. 8);
 *   KL(sigma) = KL(N(0, sigma^2) || N(0, sigmaBase^2)) per learned memory;
 * - entropy 'per-step': weight * E[sum_{t<L} H_t] (Eq. 8: lambda; Eq. 10 with T_ref fixed: lambda / T_ref);
 *   entropy 'realised-mean': weight * E[(1/L) sum_{t<L} H_t] (Eq. 10 with T_ref realised: lambda);
 *   null: no entropy term (DRA).
 * An objective built from these pieces is evaluated exactly, value and sigma-gradient, without
 * any code of its own in the evaluator (`evaluateExactForm`).
 */
export interface ExactForm {
  /** Weight of the expected return (1 for the paper's objectives). */
  readonly returnWeight: number;
  readonly cost: {
    readonly kind: 'global' | 'per-visit';
    readonly weight: number;
    readonly sigmaBase: number;
  };
  readonly entropy: {
    readonly kind: 'per-step' | 'realised-mean';
    readonly weight: number;
  } | null;
}

/**
 * The WebAssembly kernel's path for an objective's gradient rollouts: `accumulateEpisode` adds,
 * for each rollout, exactly what the estimator `estimator` adds and nothing else, with the
 * rollout's soft Thompson policy's `addScore` and `entropyGradient`:
 * - the paper's 'A', 'Q' or 'R' (docs/math.md 3.4, `PaperEstimator`);
 * - the unbiased 'causal' or 'full' (docs/math.md 3.1-3.2, `ScoreFunctionEstimator`) with the
 *   state terms `stateTerms` (docs/math.md 3.1, 3.5; `StateTermWeights`).
 * The kernel then computes the summed estimates of N_traj rollouts in place of N_traj calls,
 * and `finishGradient` still runs in TypeScript.
 */
export interface KernelEstimator {
  readonly estimator: 'A' | 'Q' | 'R' | 'causal' | 'full';
  /** The weights of the state terms ('causal' and 'full'; absent: all 0, as for DRA). */
  readonly stateTerms?: Readonly<Required<StateTermWeights>>;
}

/**
 * What an objective says about itself, so that the trainer and the exact evaluator need no
 * list of objectives: whether and how it can be evaluated exactly, and which kernel path its
 * gradient rollouts may take. An objective whose own file declares these gets exact evaluation
 * (`evaluateObjectiveExactly`, `exactGradient` training) and the kernel-or-TypeScript choice of
 * `train` with no edit elsewhere.
 *
 * Honesty: `kernel` is a claim about `accumulateEpisode`, so a class that declares it must
 * withdraw it (null) when a subclass replaces `accumulateEpisode`, or when its estimator
 * withdraws its own declaration; the built-in objectives do both by themselves
 * (`delegatedKernel`). A subclass whose replacement adds the same bits may override
 * `description` to claim the path back.
 */
export interface ObjectiveDescription {
  /** The objective as a weighted sum of the exact evaluator's terms, or null when it has no exact form. */
  readonly exact: ExactForm | null;
  /** The kernel path of its gradient rollouts, or null for TypeScript rollouts. */
  readonly kernel: KernelEstimator | null;
}

/**
 * The kernel path of an objective whose `accumulateEpisode` passes every rollout to its
 * estimator: the estimator's own declaration while `accumulateEpisode` is still `own` (the
 * declaring class's method), else null.
 */
export function delegatedKernel(
  objective: { readonly accumulateEpisode: unknown; readonly estimator: { readonly kernel?: KernelEstimator | null } },
  own: unknown,
): KernelEstimator | null {
  return objective.accumulateEpisode === own ? (objective.estimator.kernel ?? null) : null;
}

/** Checks an exact form's weights and sigmaBase, naming the bad field and value. */
export function checkExactForm(form: ExactForm): ExactForm {
  const finite = (field: string, value: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadInputError(`exact form: ${field} must be a finite number, got ${String(value)}`);
  };
  finite('returnWeight', form.returnWeight);
  finite('cost.weight', form.cost.weight);
  if (form.cost.kind !== 'global' && form.cost.kind !== 'per-visit') throw new BadInputError(`exact form: cost.kind must be 'global' or 'per-visit', got ${String(form.cost.kind)}`);
  if (!(typeof form.cost.sigmaBase === 'number' && Number.isFinite(form.cost.sigmaBase) && form.cost.sigmaBase > 0)) {
    throw new BadInputError(`exact form: cost.sigmaBase must be a finite number > 0, got ${String(form.cost.sigmaBase)}`);
  }
  if (form.entropy !== null) {
    finite('entropy.weight', form.entropy.weight);
    if (form.entropy.kind !== 'per-step' && form.entropy.kind !== 'realised-mean') {
      throw new BadInputError(`exact form: entropy.kind must be 'per-step' or 'realised-mean', got ${String(form.entropy.kind)}`);
    }
  }
  return form;
}
