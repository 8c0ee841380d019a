// The memory layout and codes the WebAssembly kernel and its host share: assembly/wasm-kernel.ts
// imports this file when scripts/compile-wasm.mjs compiles it, and src/wasm-kernel-host.ts
// imports it as TypeScript, so neither side repeats a number of the other.
//
// The file must compile both as TypeScript and as AssemblyScript: plain `export const` integer
// expressions only (i32 in AssemblyScript), no types, no objects. After editing it, rebuild the
// kernel (`pnpm --filter @dra/agent build:wasm`); wasm-kernel-binary.test.ts fails until then.

// ------------------------------------------------------------------ the fixed part
// At fixed byte offsets from 0, in the first page (growing the memory keeps it); the host writes
// the tables once per kernel, the kernel writes the exp constants in `configure`.

/** The generator: Rng.writeWords' 130 words, the 128 xor4096 words, then the position i and the Weyl counter w. */
export const RNG_AT = 0;
export const RNG_WORDS = 130;
/** Byte offset of the position i (word 128). */
export const RNG_POSITION_AT = RNG_AT + 128 * 4;
/** Byte offset of the Weyl counter w (word 129). */
export const RNG_WEYL_AT = RNG_AT + 129 * 4;
/** ZIG_X of @dra/core/internal: 129 doubles (the generator's 520 bytes, rounded up to 16). */
export const ZIG_X_AT = 528;
export const ZIG_X_LENGTH = 129;
/** ZIG_RATIO: 128 doubles. */
export const ZIG_RATIO_AT = ZIG_X_AT + ZIG_X_LENGTH * 8;
export const ZIG_RATIO_LENGTH = 128;
/** EXP2_TABLE: 64 doubles, 2^(j/64). */
export const EXP2_TABLE_AT = ZIG_RATIO_AT + ZIG_RATIO_LENGTH * 8;
export const EXP2_TABLE_LENGTH = 64;
/** POW2: 2046 doubles, 2^m at m + 1022. */
export const POW2_AT = EXP2_TABLE_AT + EXP2_TABLE_LENGTH * 8;
export const POW2_LENGTH = 2046;
/** The constants of exp's fast path: 11 doubles, written by the kernel (see `constant` there). */
export const EXP_CONSTANTS_AT = POW2_AT + POW2_LENGTH * 8;
export const EXP_CONSTANTS_LENGTH = 11;
/** The step count of the last call (one double; the calls return 0 or an error code). */
export const STEPS_AT = EXP_CONSTANTS_AT + EXP_CONSTANTS_LENGTH * 8;
/** Where the host's part of the layout (memories, model, scratch) may begin. */
export const FIXED_END = STEPS_AT + 8;

// ------------------------------------------------------------------ evaluation totals
// `evaluationRollouts` leaves these sums of EpisodeStatistics (@dra/objectives) in a row of
// TOTALS_LENGTH doubles, at these indices.

export const TOTAL_EPISODES = 0;
export const TOTAL_STEPS = 1;
export const TOTAL_RETURN_SUM = 2;
export const TOTAL_RETURN_SQUARES = 3;
export const TOTAL_ENTROPY_SUM = 4;
export const TOTAL_ENTROPY_SQUARES = 5;
export const TOTAL_STEP_ENTROPY_SUM = 6;
export const TOTALS_LENGTH = 7;

// ------------------------------------------------------------------ codes

/**
 * `gradientRollouts`' estimator codes (KernelEstimator of @dra/objectives): the paper's 'A', 'Q'
 * (streamed, step by step) and 'R', and the unbiased 'causal' and 'full' with their state terms
 * (each episode recorded first, then estimated backwards or forwards).
 */
export const ESTIMATOR_A = 0;
export const ESTIMATOR_Q = 1;
export const ESTIMATOR_R = 2;
export const ESTIMATOR_CAUSAL = 3;
export const ESTIMATOR_FULL = 4;

/** `configureDynamics`' codes: the laid-out tabular model (KernelModel of @dra/core), or mountain car (KernelDynamics). */
export const DYNAMICS_TABULAR = 0;
export const DYNAMICS_MOUNTAIN_CAR = 1;

// ------------------------------------------------------------------ the recorded episode
// The estimators from ESTIMATOR_R on record each gradient rollout first, one record of
// TRAJECTORY_ZETA + 24 maxActions bytes per step: the state (i32), the action (i32), the reward
// (f64) and the entropy H_t (f64) at the offsets below, then zeta, p and dH_t/dsigma (maxActions
// f64 each). The records come last in the layout, so the kernel grows the memory when an episode
// outlasts them.

export const TRAJECTORY_STATE = 0;
export const TRAJECTORY_ACTION = 4;
export const TRAJECTORY_REWARD = 8;
export const TRAJECTORY_ENTROPY = 16;
export const TRAJECTORY_ZETA = 24;
/** Steps the host lays out room for at first (the kernel doubles it as needed). */
export const TRAJECTORY_INITIAL_STEPS = 1024;
