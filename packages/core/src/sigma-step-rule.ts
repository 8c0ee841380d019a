import { exp } from './exp.js';
import { log } from './log.js';
import { sigmaAscentStep } from './sigma-step.js';
import { BadInputError } from './errors.js';

/**
 * How a sigma update turns a gradient into a step (docs/estimators.md, "Step rules"):
 * - 'constant': sigma += alpha_e g, the paper's rule (docs/tasks.md 1-3);
 * - 'rmsprop': sigma += alpha_e g / (sqrt(vhat) + eps), v a running mean of g^2 (rate 0.01), per memory;
 * - 'adam': sigma += alpha_e mhat / (sqrt(vhat) + eps), m and v running means of g and g^2
 *   (rates 0.1 and 0.05), per memory.
 * mhat and vhat divide out the start-up bias of the running means (m / (1 - 0.9^n), v / (1 - rho^n)),
 * so the first step of a normalised rule moves every memory by alpha_e in the direction of its gradient.
 * Adam's second moment forgets after about 20 updates, not the usual 1000: the gradient's scale
 * falls by orders of magnitude as episodes shorten, and a long memory keeps the early scale so
 * later steps stall (docs/estimators.md).
 * The normalised rules step every memory by about alpha_e where its gradient is consistent
 * and by much less where it is mostly noise, whatever the gradient's scale.
 * alpha_e = alpha (1 + e / tau)^(-power) with a Robbins-Monro decay { tau, power }
 * (power in (0.5, 1] for the constant rule's convergence conditions), else alpha.
 * Every step is projected on [sigmaMin, sigmaMax].
 */
export type SigmaStepRuleId = 'constant' | 'rmsprop' | 'adam';

/** Ids of the sigma step rules. */
export const SIGMA_STEP_RULE_IDS: readonly SigmaStepRuleId[] = ['constant', 'rmsprop', 'adam'];

/** Robbins-Monro decay of the sigma step: alpha_e = alpha (1 + e / tau)^(-power). */
export interface StepDecay {
  tau: number;
  power: number;
}

/** The running moments of a normalised step rule, for checkpoints. */
export interface SigmaStepState {
  steps: number;
  first: number[];
  second: number[];
}

const ADAM_FIRST = 0.9;
const ADAM_SECOND = 0.95;
const RMSPROP_SECOND = 0.99;
const EPSILON = 1e-8;
/** Gradients are clamped to this size in the moments only, so g^2 cannot overflow. */
const MOMENT_CLAMP = 1e150;

/**
 * The step size of update e (0-based) under `decay` (none: alpha):
 * alpha (1 + e / tau)^(-power), with the toolkit's own exp and log (the same bits on every engine).
 */
export function decayedStep(alpha: number, decay: StepDecay | null | undefined, e: number): number {
  return decay ? alpha * exp(-decay.power * log(1 + e / decay.tau)) : alpha;
}

/**
 * A sigma step rule with its per-memory state (caller-sized typed arrays, nothing allocated
 * per step). `step` checks the gradient is finite before changing anything.
 */
export class SigmaStepper {
  readonly rule: SigmaStepRuleId;
  private readonly first: Float64Array;
  private readonly second: Float64Array;
  private steps = 0;
  /** 0.9^steps and rho^steps, kept as running products (exact, engine-independent). */
  private firstPower = 1;
  private secondPower = 1;

  constructor(rule: SigmaStepRuleId, size: number) {
    if (!(SIGMA_STEP_RULE_IDS as readonly string[]).includes(rule)) throw new BadInputError(`sigma step rule must be one of ${SIGMA_STEP_RULE_IDS.join(', ')}, got ${String(rule)}`);
    this.rule = rule;
    this.first = new Float64Array(rule === 'adam' ? size : 0);
    this.second = new Float64Array(rule === 'constant' ? 0 : size);
  }

  /**
   * One projected ascent step of size `alpha` along `gradient` on every memory whose
   * `frozen` flag (if given) is 0: sigma <- clip(sigma + alpha * direction, sigmaMin, sigmaMax).
   */
  step(sigma: Float64Array, gradient: Float64Array, alpha: number, sigmaMin: number, sigmaMax: number, frozen?: Uint8Array): void {
    if (this.rule === 'constant') {
      sigmaAscentStep(sigma, gradient, alpha, sigmaMin, sigmaMax, frozen);
      return;
    }
    const n = sigma.length;
    for (let i = 0; i < n; i++) {
      const g = gradient[i]!;
      if (g - g !== 0) throw new BadInputError(`sigma gradient of memory ${i} is not finite (${g}): a term of the objective overflowed; smaller lambda, beta or rewards, or a larger sigma-base, keep it finite`);
    }
    const adam = this.rule === 'adam';
    const m = this.first;
    const v = this.second;
    const rate = adam ? ADAM_SECOND : RMSPROP_SECOND;
    this.steps++;
    this.firstPower *= ADAM_FIRST;
    this.secondPower *= rate;
    const firstScale = 1 / (1 - this.firstPower);
    const secondScale = 1 / (1 - this.secondPower);
    for (let i = 0; i < n; i++) {
      if (frozen !== undefined && frozen[i] !== 0) continue;
      const gc = Math.max(-MOMENT_CLAMP, Math.min(MOMENT_CLAMP, gradient[i]!));
      v[i] = rate * v[i]! + (1 - rate) * gc * gc;
      const scale = Math.sqrt(v[i]! * secondScale) + EPSILON;
      let direction: number;
      if (adam) {
        m[i] = ADAM_FIRST * m[i]! + (1 - ADAM_FIRST) * gc;
        direction = (m[i]! * firstScale) / scale;
      } else {
        direction = gc / scale;
      }
      sigma[i] = Math.min(sigmaMax, Math.max(sigmaMin, sigma[i]! + alpha * direction));
    }
  }

  /** The rule's state, to continue a run exactly. */
  saveState(): SigmaStepState {
    return { steps: this.steps, first: Array.from(this.first), second: Array.from(this.second) };
  }

  /** Restores `saveState`'s result; the lengths must match this stepper's. */
  restoreState(state: SigmaStepState): void {
    if (state.first.length !== this.first.length || state.second.length !== this.second.length) {
      throw new BadInputError(`sigma step state has ${state.first.length} + ${state.second.length} moments, the '${this.rule}' rule ${this.first.length} + ${this.second.length}`);
    }
    this.steps = state.steps;
    this.firstPower = 1;
    this.secondPower = 1;
    const rate = this.rule === 'adam' ? ADAM_SECOND : RMSPROP_SECOND;
    for (let n = 0; n < state.steps; n++) {
      this.firstPower *= ADAM_FIRST;
      this.secondPower *= rate;
    }
    this.first.set(state.first);
    this.second.set(state.second);
  }
}
