import { BadInputError, gaussianKl, gaussianKlDerivative, type MemoryTable, type TabularModel } from '@dra/core';
import type { Objective } from '../objective.js';
import { checkExactForm, type ExactForm } from '../objective-description.js';
import type { ObjectiveValue } from '../objective-value.js';
import { absorbing, finiteHorizon, type Solution } from './dynamic-programming.js';
import { checkExactBeta, checkExactSettings, exactFormOf, type ExactEvaluationOptions } from './exact-settings.js';
import { meanStepEntropy, realisedHorizon } from './realised-entropy.js';
import { exactStateTerms, maskedStateMoments, type ExactStateTerms, type StateMomentSource } from './state-terms.js';

/** An objective's exact value, its parts, and its exact gradient with respect to every sigma. */
export interface ExactEvaluation extends ObjectiveValue {
  /** dF / d sigma per memory (0 for memories known exactly). */
  gradient: Float64Array;
  /** Expected number of visits of every state per episode. */
  visits: Float64Array;
  /** The marginal policy pibar(a|s) = E_zeta[p_a], one entry per memory (0 in terminal states). */
  policy: Float64Array;
}

/**
 * Exact evaluation of a built-in objective given by id (`ExactEvaluationOptions`): its exact
 * form (`exactFormOf`) evaluated by `evaluateExactForm`.
 */
export function evaluateExactly(model: TabularModel, memory: MemoryTable, options: ExactEvaluationOptions): ExactEvaluation {
  checkExactSettings(options);
  checkLayout(model, memory);
  return evaluateExactForm(model, memory, exactFormOf(options, model.horizon), options.beta);
}

/**
 * Exact evaluation of any objective that declares an exact form (`objective.description.exact`),
 * at inverse temperature `beta`; an objective without one is bad input.
 */
export function evaluateObjectiveExactly(model: TabularModel, memory: MemoryTable, objective: Objective, beta: number): ExactEvaluation {
  const form = objective.description?.exact ?? null;
  if (form === null) throw new BadInputError(`objective ${objective.id} declares no exact form (description.exact is null)`);
  return evaluateExactForm(model, memory, form, beta);
}

/**
 * The largest tasks evaluated exactly. Without a horizon the evaluator solves dense linear
 * systems over the states (time and memory grow as states^3 and states^2: 2000 states take
 * seconds); with one it keeps a row of states per step (horizon x states numbers).
 */
export const EXACT_LIMITS = Object.freeze({ states: 2000, horizonTimesStates: 2e7 });

/** Why `model` is too large to evaluate exactly (see `EXACT_LIMITS`), or null when it is not. */
export function exactEvaluationRefusal(model: TabularModel): string | null {
  if (Number.isFinite(model.horizon)) {
    const size = model.horizon * model.stateCount;
    return size > EXACT_LIMITS.horizonTimesStates
      ? `exact evaluation keeps horizon x states = ${model.horizon} x ${model.stateCount} numbers, more than ${EXACT_LIMITS.horizonTimesStates}: evaluate by rollouts`
      : null;
  }
  return model.stateCount > EXACT_LIMITS.states
    ? `exact evaluation solves dense systems over the states: ${model.stateCount} states is more than ${EXACT_LIMITS.states}; evaluate by rollouts`
    : null;
}

/**
 * Exact evaluation on a known tabular model (docs/math.md 4.3) of the objective `form` describes
 * (`ExactForm`): noise moments per state (docs/math.md 4.1-4.2), then dynamic programming for the
 * value and the policy-gradient theorem for the gradient,
 *   dF/dsigma[s,k] = sum_t d[t,s] ( dc[s,k] + sum_a dpibar[s,a,k] Q[t,s,a] ) - wC KL'(sigma[s,k]) [global cost],
 * with Q built from returnWeight * rbar and the per-step state term c(s) = wH Hbar - wC KL(s)
 * (see `exactStateTerms`; Eq. 8: wH = wC = lambda; Eq. 10: wH = lambda / T_ref; DRA: none).
 * A 'realised-mean' entropy adds the recursion of docs/math.md 4.4 (`meanStepEntropy`).
 * A model with a fixed horizon T is solved backwards over t = T-1 .. 0; an absorbing task
 * without one through the linear systems V = (I - P_pi)^-1 (c + sum_a pibar rbar) and
 * d = p0 (I - P_pi)^-1 (its policy must end episodes with probability 1). Memories known
 * exactly (memory.known) pay no cost and get gradient 0.
 */
export function evaluateExactForm(model: TabularModel, memory: MemoryTable, form: ExactForm, beta: number): ExactEvaluation {
  return evaluateExactFormWith(model, memory, form, beta, maskedStateMoments);
}

/** `evaluateExactForm` with the per-state moments taken from `momentsOf` (`ExactEvaluator` passes its cache). */
export function evaluateExactFormWith(model: TabularModel, memory: MemoryTable, form: ExactForm, beta: number, momentsOf: StateMomentSource): ExactEvaluation {
  const refusal = exactEvaluationRefusal(model);
  if (refusal !== null) throw new BadInputError(refusal);
  checkExactBeta(beta);
  checkExactForm(form);
  checkLayout(model, memory);
  const terms = exactStateTerms(model, memory, form, beta, momentsOf);
  const w = form.returnWeight;
  const rewards = w === 1 ? terms.rbar : terms.rbar.map((r) => w * r);
  const solved = Number.isFinite(model.horizon)
    ? finiteHorizon(model, memory, terms.live, terms.moments, rewards, terms.c)
    : absorbing(model, memory, terms.live, terms.moments, rewards, terms.c);
  const { gradient, policy, ret, entropy } = policyGradient(model, memory, terms, solved);
  const memoryCost = payMemoryCost(form, memory, solved.visits, terms.stateKl, gradient);
  let entropyBonus = form.entropy?.kind === 'per-step' ? form.entropy.weight * entropy : 0;
  if (form.entropy?.kind === 'realised-mean') {
    const weight = form.entropy.weight;
    const mean = meanStepEntropy(model, memory, terms.live, terms.moments, realisedHorizon(model, memory, terms.live, terms.moments));
    entropyBonus = weight * mean.value;
    for (let i = 0; i < memory.size; i++) gradient[i]! += weight * mean.gradient[i]!;
  }
  return { objective: w * ret - memoryCost + entropyBonus, return: ret, memoryCost, actionEntropy: entropy, gradient, visits: solved.visits, policy };
}

/**
 * The policy-gradient part of dF/dsigma (per learned memory, sum_t d[t,s] (dc + sum_a dpibar Q)),
 * the marginal policy, and the expected return and summed entropy per episode.
 */
function policyGradient(model: TabularModel, memory: MemoryTable, terms: ExactStateTerms, solved: Solution): { gradient: Float64Array; policy: Float64Array; ret: number; entropy: number } {
  const S = model.stateCount;
  const slots = memory.size;
  const start = memory.actionStart;
  const gradient = new Float64Array(slots);
  const policy = new Float64Array(slots);
  let ret = 0;
  let entropy = 0;
  for (let s = 0; s < S; s++) {
    const m = terms.moments[s];
    if (!m) continue;
    const a0 = start[s]!;
    const K = start[s + 1]! - a0;
    let r = 0;
    for (let a = 0; a < K; a++) r += m.pibar[a]! * terms.rbar[a0 + a]!;
    policy.set(m.pibar, a0);
    ret += solved.visits[s]! * r;
    entropy += solved.visits[s]! * m.hbar;
    for (let k = 0; k < K; k++) {
      if (memory.known[a0 + k] !== 0) continue;
      let g = 0;
      for (let t = 0; t < solved.layers; t++) {
        const d = solved.occupancy[t * S + s]!;
        if (d === 0) continue;
        let inner = terms.dc[a0 + k]!;
        for (let a = 0; a < K; a++) inner += m.dpibar[a * K + k]! * solved.q[t * slots + a0 + a]!;
        g += d * inner;
      }
      gradient[a0 + k] = g;
    }
  }
  return { gradient, policy, ret, entropy };
}

/**
 * The memory cost and, for a global cost, its gradient -wC KL'(sigma) on every learned memory:
 * 'per-visit' sum_s wC visits[s] KL(s) (its gradient is in the state terms), 'global' wC KL_all.
 */
function payMemoryCost(form: ExactForm, memory: MemoryTable, visits: Float64Array, stateKl: Float64Array, gradient: Float64Array): number {
  const { weight, sigmaBase } = form.cost;
  let memoryCost = 0;
  if (form.cost.kind === 'per-visit') {
    for (let s = 0; s < memory.stateCount; s++) memoryCost += weight * visits[s]! * stateKl[s]!;
    return memoryCost;
  }
  for (let i = 0; i < memory.size; i++) {
    if (memory.known[i] !== 0) continue;
    memoryCost += weight * gaussianKl(memory.sigma[i]!, sigmaBase);
    gradient[i]! -= weight * gaussianKlDerivative(memory.sigma[i]!, sigmaBase);
  }
  return memoryCost;
}

function checkLayout(model: TabularModel, memory: MemoryTable): void {
  if (model.stateCount !== memory.stateCount) throw new BadInputError(`the memory has ${memory.stateCount} states but the model ${model.stateCount}`);
  for (let s = 0; s <= model.stateCount; s++) {
    if (model.actionStart[s] !== memory.actionStart[s]) throw new BadInputError(`state ${Math.max(0, s - 1)}: the memory's actions do not match the model's`);
  }
}
