/**
 * Inverse temperature growing with the training episode e (docs/tasks.md 3, mountain car):
 *   beta_e = min(beta * growth^(e / every), max).
 */
export interface BetaSchedule {
  growth: number;
  every: number;
  max: number;
}

/**
 * Training settings an environment plugin can ship as its paper preset (plain JSON).
 * Every field is optional; the agent fills the rest with its defaults and validates all.
 * Each field is a setting of the agent's settings table (`SETTING_SPECS` in @dra/agent, which
 * declares its type, range and default, and fails to compile if this type drifts from it).
 */
export interface TrainingPreset {
  estimator?: string;
  episodes?: number;
  lambda?: number;
  beta?: number;
  betaSchedule?: BetaSchedule | null;
  sigma0?: number;
  sigmaBase?: number;
  sigmaMin?: number;
  sigmaMax?: number;
  /** A constant, or [low, high] for means drawn uniformly (seeded). */
  qInit?: number | readonly [number, number];
  gamma?: number;
  alphaQ?: number;
  alphaSigma?: number;
  nTraj?: number;
  evalEvery?: number;
  evalRollouts?: number;
  /**
   * Memories whose every outcome ends the episode are known exactly: mean = expected
   * reward, sigma = knownSigma, never updated, no memory cost (needs a tabular model).
   */
  knownFinalMoves?: boolean;
  knownSigma?: number;
}
