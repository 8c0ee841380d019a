// AssemblyScript source of the WebAssembly episode kernel. scripts/compile-wasm.mjs compiles it
// (with src/wasm-kernel-layout.ts, the layout both sides share) into the generated
// src/wasm-kernel-binary.generated.ts; src/wasm-kernel-host.ts lays out its memory and calls it.
//
// Every routine below mirrors a TypeScript routine named in its comment ("Mirror of ..."); the
// table of all of them is docs/kernel-mirror.md of the repository. Change both sides or neither.
//
// size-check: exempt (a kernel file: the hot loops inline the generator, exp and the policy across
// what would be module boundaries, and the operand order of every expression must be read against
// its TypeScript twin in one place)
//
// It runs, bit for bit, what the TypeScript path of `train` runs for a TabularEnvironment or
// MountainCar with SoftThompson: learning episodes (expected SARSA), evaluation rollouts
// (return, action entropy, visits) and the sigma-gradient rollouts of the paper's 'A', 'Q'
// and 'R' estimators (docs/tasks.md 4, docs/math.md 3.4) and of the unbiased 'causal' and
// 'full' ones with the state terms of Eq. 8 and Eq. 10 (docs/math.md 3.1-3.5), with the
// xor4096 words, ziggurat normals, table-driven exp, fdlibm log and cos of @dra/core. Every
// floating-point expression keeps the operand order of its TypeScript twin, and WebAssembly
// arithmetic is IEEE-754 double, so both paths give the same bits.
//
// Memory: imported, laid out by the caller; pointers are byte offsets set by `configure`.
// The module has no data segments and allocates nothing: every byte of memory is the
// caller's layout (the embedding test checks the sections), and the memory grows only past
// its end, when a recorded episode outlasts the room laid out for it.
//
// For speed under V8 (measured with `pnpm bench` and instruction counts): the generator's
// position stays in locals while normals are drawn, the ziggurat's rare paths and exp
// outside (-708, 709) are out of line, exp takes n from the bits of the shifted sum, and
// exp's constants are loads.

// ---------------------------------------------------------------- layout
// The fixed part (generator words, core's tables, exp's constants), the totals row and the
// estimator codes: src/wasm-kernel-layout.ts, shared with the host.
import {
  DYNAMICS_MOUNTAIN_CAR, DYNAMICS_TABULAR, ESTIMATOR_A, ESTIMATOR_FULL, ESTIMATOR_Q, ESTIMATOR_R, EXP2_TABLE_AT, EXP_CONSTANTS_AT, POW2_AT, RNG_AT, RNG_POSITION_AT, RNG_WEYL_AT, STEPS_AT,
  TOTAL_ENTROPY_SQUARES, TOTAL_ENTROPY_SUM, TOTAL_EPISODES, TOTAL_RETURN_SQUARES, TOTAL_RETURN_SUM,
  TOTAL_STEP_ENTROPY_SUM, TOTAL_STEPS, TOTALS_LENGTH, TRAJECTORY_ACTION, TRAJECTORY_ENTROPY, TRAJECTORY_REWARD,
  TRAJECTORY_STATE, TRAJECTORY_ZETA, ZIG_RATIO_AT, ZIG_X_AT,
} from '../src/wasm-kernel-layout';
// The caller's part (byte offsets set by `configure`):
let mean: usize = 0; // memory slots x f64
let sigma: usize = 0; // memory slots x f64
let known: usize = 0; // memory slots x u8, 1 = mean known exactly
let gradient: usize = 0; // memory slots x f64
let actionStart: usize = 0; // (states + 1) x i32
let transitionStart: usize = 0; // (slots + 1) x i32
let nextState: usize = 0; // outcomes x i32
let probability: usize = 0; // outcomes x f64
let reward: usize = 0; // outcomes x f64
let startDistribution: usize = 0; // states x f64
let terminal: usize = 0; // states x u8
let zeta: usize = 0; // maxActions x f64 scratch
let prob: usize = 0; // maxActions x f64 scratch
let totals: usize = 0; // TOTALS_LENGTH x f64 evaluation sums (see evaluationRollouts)
let visits: usize = 0; // states x f64 evaluation visits
let stateCount: i32 = 0;
let fixedStart: i32 = -1;
let stepLimit: f64 = 0;

/** Sets the byte offsets of the tables and arrays (see the layout above). */
export function configure(
  meanAt: usize, sigmaAt: usize, knownAt: usize, gradientAt: usize,
  actionStartAt: usize, transitionStartAt: usize, nextStateAt: usize, probabilityAt: usize, rewardAt: usize,
  startAt: usize, terminalAt: usize, zetaAt: usize, probAt: usize, totalsAt: usize, visitsAt: usize,
): void {
  mean = meanAt; sigma = sigmaAt; known = knownAt; gradient = gradientAt;
  actionStart = actionStartAt; transitionStart = transitionStartAt; nextState = nextStateAt;
  probability = probabilityAt; reward = rewardAt;
  startDistribution = startAt; terminal = terminalAt; zeta = zetaAt; prob = probAt;
  totals = totalsAt; visits = visitsAt;
  writeConstants();
}

// The recorded episode and the estimators' scratch (byte offsets set by `configureEstimators`):
let probabilityOf: usize = 0; // maxActions x f64: exp(log p) of one step
let klStamp: usize = 0; // states x i32: the call whose KL sum klSum holds (0: none)
let klSum: usize = 0; // states x f64: the state's summed memory cost, cached per call
let klSlope: usize = 0; // memory slots x f64: KL'(sigma), cached per call with its state's klSum
let trajectory: usize = 0; // trajectoryCapacity records (the layout's last part)
let trajectoryCapacity: i32 = 0;
let recordStride: usize = 0; // bytes per record: TRAJECTORY_ZETA + 24 maxActions
let probabilityRow: usize = 0; // offset of p in a record: TRAJECTORY_ZETA + 8 maxActions
let slopeRow: usize = 0; // offset of dH/dsigma in a record: TRAJECTORY_ZETA + 16 maxActions
let klCall: i32 = 0;

/** Sets the byte offsets of the recorded episode and the estimators' scratch (see above). */
export function configureEstimators(
  probabilityOfAt: usize, klStampAt: usize, klSumAt: usize,
  klSlopeAt: usize, trajectoryAt: usize, capacity: i32, maxActions: i32,
): void {
  probabilityOf = probabilityOfAt;
  klStamp = klStampAt; klSum = klSumAt; klSlope = klSlopeAt; trajectory = trajectoryAt; trajectoryCapacity = capacity;
  probabilityRow = TRAJECTORY_ZETA + (<usize>maxActions << 3);
  slopeRow = probabilityRow + (<usize>maxActions << 3);
  recordStride = slopeRow + (<usize>maxActions << 3);
  klCall = 0;
}

/** The tabular environment: state count, the one-hot start state (or -1) and min(maxSteps, horizon). */
export function configureEnvironment(states: i32, oneHotStart: i32, limit: f64): void {
  stateCount = states;
  fixedStart = oneHotStart;
  stepLimit = limit;
}

// ------------------------------------------------- xor4096 (@dra/core rng.ts)
let ri: i32 = 0;
let rw: i32 = 0;

/**
 * Mirror of @dra/core rng.ts Rng.word (its xorgens part, and the copies written out in
 * Rng.fillUniform and Rng.fillNormal).
 * The xorgens part of one xor4096 step from position i (rng.ts): the new word v, from
 * x[i + 1] and x[i + 34], replaces x[i + 1] and is returned. The caller moves to i + 1 and
 * adds the Weyl part w ^ (w >>> 16).
 */
// @ts-ignore: decorator
@inline function xorgens(i: i32): i32 {
  let v = load<i32>(<usize>((i + 34) & 127) << 2, RNG_AT);
  const at = <usize>((i + 1) & 127) << 2;
  let t = load<i32>(at, RNG_AT);
  v ^= v << 13;
  t ^= t << 17;
  v ^= <i32>(<u32>v >> 15);
  t ^= <i32>(<u32>t >> 12);
  v ^= t;
  store<i32>(at, v, RNG_AT);
  return v;
}

/** Mirror of @dra/core rng.ts Rng.word / Rng.int32: one word, the generator in ri, rw. */
// @ts-ignore: decorator
@inline function word(): i32 {
  rw = rw + 0x61c88647;
  const v = xorgens(ri);
  ri = (ri + 1) & 127;
  return v + (rw ^ <i32>(<u32>rw >> 16));
}

// Copies of RNG_CONSTANTS of @dra/core/internal (checked by wasm-kernel-constants.test.ts).
const TWO_POW_32: f64 = 4294967296;
const TWO_POW_M24: f64 = 5.9604644775390625e-8;
const TWO_POW_M32: f64 = 2.3283064365386963e-10;
const TWO_POW_M53: f64 = 1.1102230246251565e-16;

/** Mirror of @dra/core rng.ts Rng.uniform: 53 bits, high word first. */
function uniform(): f64 {
  const hi = <f64>(<u32>word() >> 11);
  const lo = <f64>(<u32>word());
  return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
}

/** Mirror of @dra/core rng.ts Rng.uniformPositive. */
function uniformPositive(): f64 {
  const hi = <f64>(<u32>word() >> 11);
  const lo = <f64>(<u32>word());
  return (hi * TWO_POW_32 + lo + 0.5) * TWO_POW_M53;
}

// ------------------------------------------------------ exp (@dra/core exp.ts)
// The constants below are copies of @dra/core's (EXP_CONSTANTS of @dra/core/internal);
// wasm-kernel-constants.test.ts checks that they agree.
const INV_LN2_N: f64 = 64.0 / 0.6931471805599453;
const LN2_N_HI: f64 = 0.010830417275428772;
const LN2_N_LO: f64 = 7.420820373486988e-9;
const ROUND_SHIFT: f64 = 6755399441055744;
const EXP_OVERFLOW: f64 = 709.782712893384;
const EXP_UNDERFLOW: f64 = -745.1332191019412;
const TWO_POW_64: f64 = 1.8446744073709552e19;
const TWO_POW_M64: f64 = 5.421010862427522e-20;

// The fast path's constants are read from memory, at EXP_CONSTANTS_AT + 8 k for these k:
// one load each, where V8 would build every literal anew inside each loop that inlines exp.
const K_LOWER = 0; // -708: from here down 2^m is no longer a normal number
const K_UPPER = 1; // 709
const K_INV_LN2_N = 2;
const K_ROUND_SHIFT = 3;
const K_LN2_N_HI = 4;
const K_LN2_N_LO = 5;
const K_ONE = 6;
const K_HALF = 7;
const K_SIXTH = 8;
const K_24TH = 9;
const K_120TH = 10;

// @ts-ignore: decorator
@inline function constant(k: i32): f64 {
  return load<f64>(<usize>k << 3, EXP_CONSTANTS_AT);
}

// @ts-ignore: decorator
@inline function setConstant(k: i32, value: f64): void {
  store<f64>(<usize>k << 3, value, EXP_CONSTANTS_AT);
}

function writeConstants(): void {
  setConstant(K_LOWER, -708);
  setConstant(K_UPPER, 709);
  setConstant(K_INV_LN2_N, INV_LN2_N);
  setConstant(K_ROUND_SHIFT, ROUND_SHIFT);
  setConstant(K_LN2_N_HI, LN2_N_HI);
  setConstant(K_LN2_N_LO, LN2_N_LO);
  setConstant(K_ONE, 1);
  setConstant(K_HALF, 0.5);
  setConstant(K_SIXTH, 1.0 / 6);
  setConstant(K_24TH, 1.0 / 24);
  setConstant(K_120TH, 1.0 / 120);
}

/**
 * Mirror of @dra/core exp.ts exp (its fast path): n = round(x 64/ln2), j = n mod 64, m = (n - j)/64, r = x - n ln2/64,
 * exp(x) = 2^m 2^(j/64) (1 + r + r^2/2 + ... + r^5/120), by Estrin's scheme. Inside
 * (-708, 709) the scale 2^m is one table entry; outside, `expOutsideTable`.
 */
// @ts-ignore: decorator
@inline function exp(x: f64): f64 {
  if (!(x > constant(K_LOWER) && x < constant(K_UPPER))) return expOutsideTable(x);
  // Adding 1.5 * 2^52 rounds x 64/ln2 to the integer n and leaves n in the low 32 bits of
  // the sum (two's complement), so n needs no float-to-integer conversion.
  const shifted = x * constant(K_INV_LN2_N) + constant(K_ROUND_SHIFT);
  const n = shifted - constant(K_ROUND_SHIFT);
  const r = x - n * constant(K_LN2_N_HI) - n * constant(K_LN2_N_LO);
  const ni = <i32>reinterpret<i64>(shifted);
  const j = ni & 63;
  const m = (ni - j) >> 6;
  const r2 = r * r;
  const poly = constant(K_ONE) + r + r2 * (constant(K_HALF) + r * constant(K_SIXTH) + r2 * (constant(K_24TH) + r * constant(K_120TH)));
  return load<f64>(<usize>(m + 1022) << 3, POW2_AT) * load<f64>(<usize>j << 3, EXP2_TABLE_AT) * poly;
}

/** Mirror of @dra/core exp.ts exp outside (-708, 709): NaN, overflow, 0, or the scale applied in two steps (2^(m -+ 64), then 2^(+-64)). */
function expOutsideTable(x: f64): f64 {
  if (x != x) return NaN;
  if (x >= EXP_OVERFLOW) return Infinity;
  if (x <= EXP_UNDERFLOW) return 0;
  const shifted = x * INV_LN2_N + ROUND_SHIFT;
  const n = shifted - ROUND_SHIFT;
  const r = x - n * LN2_N_HI - n * LN2_N_LO;
  const ni = <i32>reinterpret<i64>(shifted);
  const j = ni & 63;
  const m = (ni - j) >> 6;
  const r2 = r * r;
  const poly = 1 + r + r2 * (0.5 + r * (1.0 / 6) + r2 * (1.0 / 24 + r * (1.0 / 120)));
  const t = load<f64>(<usize>j << 3, EXP2_TABLE_AT);
  return m < 0
    ? load<f64>(<usize>(m + 64 + 1022) << 3, POW2_AT) * t * poly * TWO_POW_M64
    : load<f64>(<usize>(m - 64 + 1022) << 3, POW2_AT) * t * poly * TWO_POW_64;
}

// ------------------------------------------------------ log (@dra/core log.ts)
// Constants: copies of LOG_CONSTANTS of @dra/core/internal (checked by wasm-kernel-constants.test.ts).
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const TWO54: f64 = 1.80143985094819840000e16;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

// @ts-ignore: decorator
@inline function highWord(x: f64): i32 {
  return <i32>(reinterpret<i64>(x) >> 32);
}

/** Mirror of @dra/core log.ts log (fdlibm's e_log.c). */
function log(x: f64): f64 {
  let hx = highWord(x);
  const lx = <i32>reinterpret<i64>(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((<i64>(hx | (i ^ 0x3ff00000)) << 32) | (reinterpret<i64>(x) & 0xffffffff));
  k += i >> 20;
  const f = x - 1;
  const dk = <f64>k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) return k == 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k == 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

// ------------------------------------------- ziggurat normals (@dra/core rng.ts)
const ZIG_R: f64 = 3.442619855899;

/** Mirror of @dra/core rng.ts Rng.normalTail. */
function normalTail(negative: bool): f64 {
  let x: f64;
  let y: f64;
  do {
    x = log(uniformPositive()) / ZIG_R;
    y = log(uniformPositive());
  } while (-2 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

/**
 * Mirror of @dra/core rng.ts Rng.normalOutsideBox and the rest of Rng.fillNormal's loop for one deviate whose first
 * word fell outside its layer's box (abscissa u): the tail (layer 0) or the wedge test,
 * then fresh words until a deviate is accepted. About 1 first word in 36 comes here (the
 * mean of 1 - ZIG_RATIO); the loop keeps the optimiser from inlining it into the hot path.
 * The generator is in ri, rw.
 */
function normalOutsideBox(layer: i32, u: f64): f64 {
  while (true) {
    if (layer == 0) return normalTail(u < 0);
    const xl = load<f64>(<usize>layer << 3, ZIG_X_AT);
    const x = u * xl;
    const xi1 = load<f64>(<usize>(layer + 1) << 3, ZIG_X_AT);
    const f0 = exp(-0.5 * (xl * xl - x * x));
    const f1 = exp(-0.5 * (xi1 * xi1 - x * x));
    if (f1 + uniform() * (f0 - f1) < 1) return x;
    const a = word();
    layer = a & 127;
    u = <f64>(a >> 7) * TWO_POW_M24;
    if (Math.abs(u) < load<f64>(<usize>layer << 3, ZIG_RATIO_AT)) return u * load<f64>(<usize>layer << 3, ZIG_X_AT);
  }
  return unreachable();
}

/**
 * Mirror of @dra/core rng.ts Rng.fillNormal: `count` standard normals into out[0 .. count), one xor4096 word each on
 * the fast path (bits 0-6 the layer, bits 7-31 the signed abscissa), the generator's
 * position in locals meanwhile.
 */
// @ts-ignore: decorator
@inline function fillNormals(out: usize, count: i32): void {
  let i = ri;
  let w = rw;
  for (let k = 0; k < count; k++) {
    w = w + 0x61c88647;
    const v = xorgens(i);
    i = (i + 1) & 127;
    const a = v + (w ^ <i32>(<u32>w >> 16));
    const layer = a & 127;
    const u = <f64>(a >> 7) * TWO_POW_M24;
    let value: f64;
    if (Math.abs(u) < load<f64>(<usize>layer << 3, ZIG_RATIO_AT)) {
      value = u * load<f64>(<usize>layer << 3, ZIG_X_AT);
    } else {
      ri = i;
      rw = w;
      value = normalOutsideBox(layer, u);
      i = ri;
      w = rw;
    }
    store<f64>(out + (<usize>k << 3), value);
  }
  ri = i;
  rw = w;
}

// ------------------------------------- soft Thompson sampling (@dra/policies soft-thompson.ts)
/**
 * Mirror of @dra/policies soft-thompson.ts SoftThompson.act (with @dra/core sampleCategorical; docs/math.md 1) at a state whose memories start at `start`: zeta ~ N(0, I),
 * p = softmax(beta (q + sigma zeta)) into the rows z and p for its `count` actions; returns
 * a ~ p.
 */
function act(start: i32, count: i32, beta: f64, z: usize, p: usize): i32 {
  return softThompsonAct(start, count, beta, z, p, 0, 0, false);
}

/** Mirror of @dra/policies soft-thompson.ts SoftThompson.probabilities: a fresh draw of p(.|s) into the p scratch row (exp of every logit, the total from 0). */
function probabilities(start: i32, count: i32, beta: f64): void {
  const p = prob;
  const q = mean + (<usize>start << 3);
  const sg = sigma + (<usize>start << 3);
  fillNormals(p, count);
  let max = -Infinity;
  for (let k = 0; k < count; k++) {
    const at = <usize>k << 3;
    const x = beta * (load<f64>(q + at) + load<f64>(sg + at) * load<f64>(p + at));
    store<f64>(p + at, x);
    if (x > max) max = x;
  }
  let total: f64 = 0;
  for (let k = 0; k < count; k++) {
    const at = p + (<usize>k << 3);
    const e = exp(load<f64>(at) - max);
    store<f64>(at, e);
    total += e;
  }
  const inv = 1 / total;
  for (let k = 0; k < count; k++) {
    const at = p + (<usize>k << 3);
    store<f64>(at, load<f64>(at) * inv);
  }
}

// ------------------------------------------ tabular episodes (@dra/environments tabular-environment.ts)
/** Mirror of @dra/environments tabular-environment.ts TabularEnvironment.reset: the fixed start, or a draw from the start distribution. */
function reset(): i32 {
  let s = fixedStart;
  if (s < 0) {
    const u = uniform();
    let cumulative: f64 = 0;
    s = stateCount - 1;
    for (let i = 0; i < stateCount; i++) {
      cumulative += load<f64>(startDistribution + (<usize>i << 3));
      if (u < cumulative) {
        s = i;
        break;
      }
    }
    while (load<f64>(startDistribution + (<usize>s << 3)) == 0 && s > 0) s--;
  }
  return s;
}

/** Mirror of @dra/environments tabular-environment.ts TabularEnvironment.step's outcome for memory slot i: the transition index j (a draw when there are several). */
// @ts-ignore: decorator
@inline function outcome(i: i32): i32 {
  let j = load<i32>(transitionStart + (<usize>i << 2));
  const end = load<i32>(transitionStart + (<usize>(i + 1) << 2));
  if (end - j > 1) {
    const u = uniform();
    let cumulative = load<f64>(probability + (<usize>j << 3));
    while (u >= cumulative && j < end - 1) {
      j++;
      cumulative += load<f64>(probability + (<usize>j << 3));
    }
  }
  return j;
}

// @ts-ignore: decorator
@inline function isTerminal(s: i32): bool {
  return load<u8>(terminal + <usize>s) == 1;
}

// @ts-ignore: decorator
@inline function firstAction(s: i32): i32 {
  return load<i32>(actionStart + (<usize>s << 2));
}

// @ts-ignore: decorator
@inline function actionCount(s: i32): i32 {
  return load<i32>(actionStart + (<usize>(s + 1) << 2)) - load<i32>(actionStart + (<usize>s << 2));
}

// @ts-ignore: decorator
@inline function loadRng(): void {
  ri = load<i32>(RNG_POSITION_AT);
  rw = load<i32>(RNG_WEYL_AT);
}

// @ts-ignore: decorator
@inline function saveRng(): void {
  store<i32>(RNG_POSITION_AT, ri);
  store<i32>(RNG_WEYL_AT, rw);
}

// ------------------------------------------- environments: a tabular model, or mountain car
// `configureDynamics` chooses what `envReset` and `envStep` run; both leave the step's reward in
// stepReward and whether the new state ends the episode in lastTerminal.
let dynamics: i32 = DYNAMICS_TABULAR;
let lastTerminal: bool = false;
let stepReward: f64 = 0;

/** DYNAMICS_TABULAR (the laid-out model) or DYNAMICS_MOUNTAIN_CAR. */
export function configureDynamics(kind: i32): void {
  dynamics = kind;
}

/** A new episode's start state. */
// @ts-ignore: decorator
@inline function envReset(): i32 {
  if (dynamics == DYNAMICS_MOUNTAIN_CAR) return carReset();
  const s = reset();
  lastTerminal = isTerminal(s);
  return s;
}

/** The state after action a of memory slot i. */
// @ts-ignore: decorator
@inline function envStep(i: i32, a: i32): i32 {
  if (dynamics == DYNAMICS_MOUNTAIN_CAR) return carStep(a);
  const j = outcome(i);
  const s = load<i32>(nextState + (<usize>j << 2));
  stepReward = load<f64>(reward + (<usize>j << 3));
  lastTerminal = isTerminal(s);
  return s;
}

// Copies of MOUNTAIN_CAR of @dra/mountain-car (checked by wasm-kernel-constants.test.ts).
const CAR_MIN_POSITION: f64 = -1.2;
const CAR_MAX_POSITION: f64 = 0.6;
const CAR_MAX_SPEED: f64 = 0.07;
const CAR_GOAL_POSITION: f64 = 0.5;
const CAR_FORCE: f64 = 0.001;
const CAR_GRAVITY: f64 = 0.0025;
const CAR_VELOCITY_BINS: i32 = 15;
let carPosition: f64 = 0;
let carVelocity: f64 = 0;

/** Mirror of @dra/mountain-car mountain-car.ts MountainCar.reset: position -0.6 + 0.2 u, velocity 0. */
function carReset(): i32 {
  carPosition = -0.6 + 0.2 * uniform();
  carVelocity = 0;
  lastTerminal = carPosition >= CAR_GOAL_POSITION;
  return carIndex(carPosition, carVelocity);
}

/**
 * Mirror of @dra/mountain-car mountain-car.ts MountainCar.step: v += (a - 1) 0.001 - 0.0025 cos(3 x),
 * clipped to [-0.07, 0.07]; x += v, clipped to [-1.2, 0.6]; at -1.2 a negative v becomes 0;
 * reward -1; terminal at x >= 0.5.
 */
function carStep(action: i32): i32 {
  let position = carPosition;
  let velocity = carVelocity + <f64>(action - 1) * CAR_FORCE - CAR_GRAVITY * cosine(3 * position);
  velocity = min<f64>(CAR_MAX_SPEED, max<f64>(-CAR_MAX_SPEED, velocity));
  position = min<f64>(CAR_MAX_POSITION, max<f64>(CAR_MIN_POSITION, position + velocity));
  if (position == CAR_MIN_POSITION && velocity < 0) velocity = 0;
  carPosition = position;
  carVelocity = velocity;
  stepReward = -1;
  lastTerminal = position >= CAR_GOAL_POSITION;
  return carIndex(position, velocity);
}

/** Mirror of @dra/mountain-car mountain-car.ts mountainCarIndex: round((x + 1.2) 10) 15 + round((v + 0.07) 100). Exported for the tests. */
export function carIndex(position: f64, velocity: f64): i32 {
  const p = roundHalfUp((position - CAR_MIN_POSITION) * 10);
  const v = roundHalfUp((velocity + CAR_MAX_SPEED) * 100);
  return p * CAR_VELOCITY_BINS + v;
}

/** JavaScript's Math.round for the bins (|x| < 2^31): the nearest integer, halves towards +infinity (x - floor(x) is exact). */
// @ts-ignore: decorator
@inline function roundHalfUp(x: f64): i32 {
  const r = Math.floor(x);
  return <i32>(x - r >= 0.5 ? r + 1 : r);
}

// ------------------------------------------------------ cos (@dra/core cos.ts)
// Constants: copies of COS_CONSTANTS of @dra/core/internal (checked by wasm-kernel-constants.test.ts).
const COS_C1: f64 = 4.16666666666666019037e-2;
const COS_C2: f64 = -1.38888888888741095749e-3;
const COS_C3: f64 = 2.48015872894767294178e-5;
const COS_C4: f64 = -2.75573143513906633035e-7;
const COS_C5: f64 = 2.08757232129817482790e-9;
const COS_C6: f64 = -1.13596475577881948265e-11;
const SIN_S1: f64 = -1.66666666666666324348e-1;
const SIN_S2: f64 = 8.33333333332248946124e-3;
const SIN_S3: f64 = -1.98412698298579493134e-4;
const SIN_S4: f64 = 2.75573137070700676789e-6;
const SIN_S5: f64 = -2.50507602534068634195e-8;
const SIN_S6: f64 = 1.58969099521155010221e-10;
const INV_PIO2: f64 = 6.36619772367581382433e-1;
const PIO2_1: f64 = 1.57079632673412561417;
const PIO2_1T: f64 = 6.07710050650619224932e-11;
const PIO2_2: f64 = 6.07710050630396597660e-11;
const PIO2_2T: f64 = 2.02226624879595063154e-21;
const PIO2_3: f64 = 2.02226624871116645580e-21;
const PIO2_3T: f64 = 8.47842766036889956997e-32;
const COS_MEDIUM: f64 = 823549.6;

/** Mirror of @dra/core cos.ts kernelCos (fdlibm k_cos.c): cos(x + y), |x| <= pi/4. */
function kernelCos(x: f64, y: f64): f64 {
  const ix = highWord(x) & 0x7fffffff;
  const z = x * x;
  const r = z * (COS_C1 + z * (COS_C2 + z * (COS_C3 + z * (COS_C4 + z * (COS_C5 + z * COS_C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : reinterpret<f64>(<i64>(ix - 0x00200000) << 32);
  const hz = 0.5 * z - qx;
  return 1 - qx - (hz - (z * r - x * y));
}

/** Mirror of @dra/core cos.ts kernelSin (fdlibm k_sin.c): sin(x + y), |x| <= pi/4. */
function kernelSin(x: f64, y: f64): f64 {
  const z = x * x;
  const v = z * x;
  const r = SIN_S2 + z * (SIN_S3 + z * (SIN_S4 + z * (SIN_S5 + z * SIN_S6)));
  return x - (z * (0.5 * y - v * r) - y - v * SIN_S1);
}

/**
 * Mirror of @dra/core cos.ts cos: x = n pi/2 + y by a three-part Cody-Waite reduction, then the
 * polynomial of cos or sin. Beyond 2^19 pi/2 core falls back to Math.cos; mountain car never
 * gets there (|3 x| <= 3.6), and this returns NaN. Exported for the tests.
 */
export function cosine(x: f64): f64 {
  if (!(Math.abs(x) <= COS_MEDIUM)) return NaN;
  const ax = Math.abs(x);
  if (ax <= Math.PI / 4) return ax < 7.450580596923828e-9 ? 1 : kernelCos(x, 0);
  const n = Math.floor(ax * INV_PIO2 + 0.5);
  let r = ax - n * PIO2_1;
  let w = n * PIO2_1T;
  let y0 = r - w;
  const exponent = (highWord(ax) >> 20) & 0x7ff;
  if (exponent - ((highWord(y0) >> 20) & 0x7ff) > 16) {
    let t = r;
    w = n * PIO2_2;
    r = t - w;
    w = n * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (exponent - ((highWord(y0) >> 20) & 0x7ff) > 49) {
      t = r;
      w = n * PIO2_3;
      r = t - w;
      w = n * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  const quadrant = <i32>n & 3;
  if (quadrant == 0) return kernelCos(y0, y1);
  if (quadrant == 1) return -kernelSin(y0, y1);
  if (quadrant == 2) return -kernelCos(y0, y1);
  return kernelSin(y0, y1);
}

/**
 * Mirror of @dra/agent expected-sarsa.ts expectedSarsaEpisode: one learning episode, act, step, and
 * q(s,a) += alpha_q (r + gamma sum_a' p(a'|s') q(s',a') - q(s,a)) with p(.|s') a fresh
 * draw of the policy at s' (none at a terminal s'); known memories keep their mean.
 * Returns 0 with the steps taken at STEPS_AT, or -1 - s on reaching a live state s without actions.
 */
export function learningEpisode(beta: f64, gamma: f64, alphaQ: f64): i32 {
  loadRng();
  let s = envReset();
  let terminated = lastTerminal;
  let truncated = false;
  let steps: f64 = 0;
  while (!terminated && !truncated) {
    const start = firstAction(s);
    const count = actionCount(s);
    if (count <= 0) return -1 - s;
    const a = act(start, count, beta, zeta, prob);
    const i = start + a;
    const following = envStep(i, a);
    steps++;
    terminated = lastTerminal;
    truncated = !terminated && steps >= stepLimit;
    let target = stepReward;
    if (!terminated) {
      const nextStart = firstAction(following);
      const nextCount = actionCount(following);
      if (nextCount > 0) {
        probabilities(nextStart, nextCount, beta);
        let expected: f64 = 0;
        for (let k = 0; k < nextCount; k++) {
          expected += load<f64>(prob + (<usize>k << 3)) * load<f64>(mean + (<usize>(nextStart + k) << 3));
        }
        target += gamma * expected;
      }
    }
    if (load<u8>(known + <usize>i) == 0) {
      const at = mean + (<usize>i << 3);
      store<f64>(at, load<f64>(at) + alphaQ * (target - load<f64>(at)));
    }
    s = following;
  }
  saveRng();
  return stepsTaken(steps);
}

/**
 * N_traj gradient rollouts with the memories fixed, their summed estimates into the gradient
 * (zeroed first), as `objective.accumulateEpisode` leaves them from zero. Estimators 'A' and 'Q'
 * (ESTIMATOR_A, ESTIMATOR_Q) are streamed step by step (`streamedRollouts`); the others record
 * each episode, then estimate it (`recordedRollouts`). wH, wKl, sigmaBase and wMean are the
 * objective's state-term weights (StateTermWeights of @dra/objectives; 'R' reads none).
 * Returns 0 with the steps taken at STEPS_AT, or -1 - s on reaching a live state s without actions.
 */
export function gradientRollouts(nTraj: i32, beta: f64, estimator: i32, slots: i32, wH: f64, wKl: f64, sigmaBase: f64, wMean: f64): i32 {
  loadRng();
  memory.fill(gradient, 0, <usize>slots << 3);
  const steps = estimator == ESTIMATOR_A || estimator == ESTIMATOR_Q
    ? streamedRollouts(nTraj, beta, estimator)
    : recordedRollouts(nTraj, beta, estimator, wH, wKl, sigmaBase, wMean);
  if (steps < 0) return <i32>steps;
  saveRng();
  return stepsTaken(steps);
}

/**
 * Leaves a call's step count at STEPS_AT for the host and returns 0: a small integer crosses
 * into JavaScript without allocating, a double does not.
 */
function stepsTaken(steps: f64): i32 {
  store<f64>(STEPS_AT, steps);
  return 0;
}

/**
 * Mirror of @dra/agent rollout.ts rollout with @dra/objectives paper-estimators.ts
 * PaperEstimator.accumulate ('A', 'Q') and @dra/policies SoftThompson.addScore.
 * `estimator` ESTIMATOR_A is 'A' (w = q(s,a) - mean_k q(s,k)), ESTIMATOR_Q is 'Q'
 * (w = q(s,a)); every step adds beta w zeta_k (1[a = k] - p_k) to the gradient of its
 * state's memories.
 */
function streamedRollouts(nTraj: i32, beta: f64, estimator: i32): f64 {
  let steps: f64 = 0;
  for (let n = 0; n < nTraj; n++) {
    let s = envReset();
    let terminated = lastTerminal;
    let truncated = false;
    let length: f64 = 0;
    while (!terminated && !truncated) {
      const start = firstAction(s);
      const count = actionCount(s);
      if (count <= 0) return <f64>(-1 - s);
      const a = act(start, count, beta, zeta, prob);
      let w = load<f64>(mean + (<usize>(start + a) << 3));
      if (estimator == ESTIMATOR_A) {
        let sum: f64 = 0;
        for (let k = 0; k < count; k++) sum += load<f64>(mean + (<usize>(start + k) << 3));
        w -= sum / <f64>count;
      }
      if (w != 0) {
        const scale = beta * w;
        for (let k = 0; k < count; k++) {
          const g = gradient + (<usize>(start + k) << 3);
          const indicator: f64 = k == a ? 1 : 0;
          store<f64>(g, load<f64>(g) + scale * load<f64>(zeta + (<usize>k << 3)) * (indicator - load<f64>(prob + (<usize>k << 3))));
        }
      }
      s = envStep(start + a, a);
      length++;
      terminated = lastTerminal;
      truncated = !terminated && length >= stepLimit;
    }
    steps += length;
  }
  return steps;
}

/** Each rollout recorded (`recordEpisode`), then its estimate added (`estimateEpisode`). */
function recordedRollouts(nTraj: i32, beta: f64, estimator: i32, wH: f64, wKl: f64, sigmaBase: f64, wMean: f64): f64 {
  klCall++;
  let steps: f64 = 0;
  for (let n = 0; n < nTraj; n++) {
    const length = recordEpisode(beta, wH != 0 || wMean != 0);
    if (length < 0) return <f64>length;
    estimateEpisode(length, beta, estimator, wH, wKl, sigmaBase, wMean);
    steps += <f64>length;
  }
  return steps;
}

/** The record of step t, growing the memory when the records run out (they are the layout's last part). */
// @ts-ignore: decorator
@inline function recordAt(t: i32): usize {
  if (t >= trajectoryCapacity) growTrajectory();
  return trajectory + <usize>t * recordStride;
}

function growTrajectory(): void {
  const capacity = trajectoryCapacity * 2;
  const end = <u64>trajectory + <u64>capacity * <u64>recordStride;
  // Past 4 GiB the 32-bit memory cannot hold the records: trap (the call throws) rather than wrap.
  if (end > 0xffff0000) unreachable();
  const pages = <i32>((end + 65535) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) unreachable();
  trajectoryCapacity = capacity;
}

/**
 * Mirror of @dra/agent rollout.ts rollout: one episode with the memories fixed, each step's
 * state, action, reward, zeta and p recorded, and with `entropy` its H_t and dH_t/dsigma. Returns its length, or -1 - s on reaching a live
 * state s without actions.
 */
function recordEpisode(beta: f64, entropy: bool): i32 {
  let s = envReset();
  let terminated = lastTerminal;
  let truncated = false;
  let length = 0;
  while (!terminated && !truncated) {
    const start = firstAction(s);
    const count = actionCount(s);
    if (count <= 0) return -1 - s;
    const at = recordAt(length);
    store<i32>(at + TRAJECTORY_STATE, s);
    const a = actRecorded(start, count, beta, at, entropy);
    store<i32>(at + TRAJECTORY_ACTION, a);
    s = envStep(start + a, a);
    store<f64>(at + TRAJECTORY_REWARD, stepReward);
    length++;
    terminated = lastTerminal;
    truncated = !terminated && <f64>length >= stepLimit;
  }
  return length;
}

/**
 * Mirror of @dra/objectives paper-estimators.ts PaperEstimator.accumulate ('R') and
 * score-function-estimator.ts ScoreFunctionEstimator.accumulate ('causal', 'full'; docs/math.md 3.1-3.2, 3.5):
 *   'R':      psi_t sum_t' r_t' at every step;
 *   'causal': psi_t (G_t + w Y) + D_t, G_t = sum_{t' >= t} r_t' + sum_{t' > t} c_t', backwards;
 *   'full':   psi_t (sum_t (r_t + c_t) + w Y) + D_t;
 * with c_t, D_t the state terms (`stateTerm`) and w Y the realised-length entropy (`meanEntropyTerm`),
 * each added into the gradient in the TypeScript order.
 */
function estimateEpisode(length: i32, beta: f64, estimator: i32, wH: f64, wKl: f64, sigmaBase: f64, wMean: f64): void {
  if (estimator == ESTIMATOR_R) {
    let episodeReturn: f64 = 0;
    for (let t = 0; t < length; t++) episodeReturn += load<f64>(recordAt(t) + TRAJECTORY_REWARD);
    if (episodeReturn != 0) for (let t = 0; t < length; t++) addScore(recordAt(t), beta * episodeReturn);
    return;
  }
  const offset = meanEntropyTerm(length, wMean);
  if (estimator == ESTIMATOR_FULL) {
    let total = offset;
    for (let t = 0; t < length; t++) {
      const at = recordAt(t);
      total += load<f64>(at + TRAJECTORY_REWARD) + stateTerm(at, wH, wKl, sigmaBase);
    }
    const scale = beta * total;
    for (let t = 0; t < length; t++) addScore(recordAt(t), scale);
    return;
  }
  let toGo = offset;
  for (let t = length - 1; t >= 0; t--) {
    const at = recordAt(t);
    toGo += load<f64>(at + TRAJECTORY_REWARD);
    addScore(at, beta * toGo);
    toGo += stateTerm(at, wH, wKl, sigmaBase);
  }
}

/** Mirror of @dra/policies soft-thompson.ts SoftThompson.addScore for the record at `at`: gradient(s, k) += scale zeta_k (1[a = k] - p_k), scale = beta w. */
function addScore(at: usize, scale: f64): void {
  const s = load<i32>(at + TRAJECTORY_STATE);
  const a = load<i32>(at + TRAJECTORY_ACTION);
  const start = firstAction(s);
  const count = actionCount(s);
  const z = at + TRAJECTORY_ZETA;
  const p = at + probabilityRow;
  for (let k = 0; k < count; k++) {
    const g = gradient + (<usize>(start + k) << 3);
    const indicator: f64 = k == a ? 1 : 0;
    store<f64>(g, load<f64>(g) + scale * load<f64>(z + (<usize>k << 3)) * (indicator - load<f64>(p + (<usize>k << 3))));
  }
}

/**
 * `act` for a recorded step at `at`: zeta and p into the record's rows, and with `entropy` the
 * step's entropy terms as well (`entropyTerms`), from the logits and weights at hand.
 */
function actRecorded(start: i32, count: i32, beta: f64, at: usize, entropy: bool): i32 {
  return softThompsonAct(start, count, beta, at + TRAJECTORY_ZETA, at + probabilityRow, at + slopeRow, at + TRAJECTORY_ENTROPY, entropy);
}

/**
 * The body of `act` and `actRecorded` (`act` passes entropy = false, and the optimiser removes
 * what that leaves unused). With `entropy`, the logits are also kept in row v, the weights are
 * summed in logSoftmaxInto's order as well (`normaliser`; the largest logit's weight is exp(0) = 1
 * exactly when the maximum is finite), and H_t goes to h with dH_t/dsigma over row v (`entropyTerms`).
 */
// @ts-ignore: decorator
@inline function softThompsonAct(start: i32, count: i32, beta: f64, z: usize, p: usize, v: usize, h: usize, entropy: bool): i32 {
  const q = mean + (<usize>start << 3);
  const sg = sigma + (<usize>start << 3);
  fillNormals(z, count);
  let max = -Infinity;
  let best = 0;
  for (let k = 0; k < count; k++) {
    const o = <usize>k << 3;
    const x = beta * (load<f64>(q + o) + load<f64>(sg + o) * load<f64>(z + o));
    store<f64>(p + o, x);
    if (entropy) store<f64>(v + o, x);
    if (x > max) {
      max = x;
      best = k;
    }
  }
  let total: f64 = 1;
  let normaliser: f64 = 0;
  for (let k = 0; k < count; k++) {
    const o = p + (<usize>k << 3);
    if (k == best) {
      if (entropy) normaliser += max - max == 0 ? 1 : exp(load<f64>(o) - max);
      continue;
    }
    const e = exp(load<f64>(o) - max);
    store<f64>(o, e);
    total += e;
    if (entropy) normaliser += e;
  }
  store<f64>(p + (<usize>best << 3), 1);
  const inv = 1 / total;
  for (let k = 0; k < count; k++) {
    const o = p + (<usize>k << 3);
    store<f64>(o, load<f64>(o) * inv);
  }
  const u = <f64>(<u32>word()) * TWO_POW_M32;
  let cumulative: f64 = 0;
  let a = count - 1;
  for (let k = 0; k < count - 1; k++) {
    cumulative += load<f64>(p + (<usize>k << 3));
    if (u < cumulative) {
      a = k;
      break;
    }
  }
  if (entropy) store<f64>(h, entropyTerms(z, v, count, beta, max, normaliser));
  return a;
}

/**
 * Mirror of @dra/policies soft-thompson.ts SoftThompson.entropyGradient (with @dra/core
 * log-softmax.ts logSoftmaxInto, entropy.ts entropyFromLogProbabilities and
 * entropySigmaGradientInto; docs/math.md 2), from the step's logits beta u_k in row v, their
 * maximum and normaliser sum_k exp(beta u_k - max): lp_k = beta u_k - max - log(normaliser),
 * H = -sum_k p_k lp_k, and dH/dsigma_k = -beta zeta_k p_k (lp_k + H) written over row v.
 * exp(lp_k) is taken once and used twice, which gives the same bits as taking it twice. Returns H.
 */
function entropyTerms(z: usize, v: usize, count: i32, beta: f64, max: f64, normaliser: f64): f64 {
  const logTotal = log(normaliser);
  let h: f64 = 0;
  for (let k = 0; k < count; k++) {
    const o = <usize>k << 3;
    const l = load<f64>(v + o) - max - logTotal;
    store<f64>(v + o, l);
    if (l > -Infinity) {
      const e = exp(l);
      store<f64>(probabilityOf + o, e);
      h -= e * l;
    }
  }
  for (let k = 0; k < count; k++) {
    const o = <usize>k << 3;
    const l = load<f64>(v + o);
    store<f64>(v + o, l > -Infinity ? -beta * load<f64>(z + o) * load<f64>(probabilityOf + o) * (l + h) : 0);
  }
  return h;
}

/**
 * Mirror of @dra/objectives state-terms.ts addStateTerm for the record at `at`: adds
 * D_t = wH dH_t/dsigma - wKl KL'(sigma(s_t, .)) into the learned memories of s_t and returns
 * c_t = wH H_t - wKl KL(s_t) (docs/math.md 3.1).
 */
function stateTerm(at: usize, wH: f64, wKl: f64, sigmaBase: f64): f64 {
  const s = load<i32>(at + TRAJECTORY_STATE);
  const start = firstAction(s);
  const count = actionCount(s);
  let c: f64 = 0;
  if (wH != 0) c += wH * load<f64>(at + TRAJECTORY_ENTROPY);
  if (wKl != 0) c -= wKl * klSumOf(s, start, count, sigmaBase);
  // One pass where TypeScript takes two (the entropy's, then the cost's): each memory still
  // gets + wH dH_k first, then - wKl KL'_k.
  const slope = at + slopeRow;
  const g = gradient + (<usize>start << 3);
  const kl = klSlope + (<usize>start << 3);
  const learned = known + <usize>start;
  for (let k = 0; k < count; k++) {
    if (load<u8>(learned + <usize>k) != 0) continue;
    const o = <usize>k << 3;
    let value = load<f64>(g + o);
    if (wH != 0) value += wH * load<f64>(slope + o);
    if (wKl != 0) value -= wKl * load<f64>(kl + o);
    store<f64>(g + o, value);
  }
  return c;
}

/**
 * Mirror of @dra/core gaussian-kl.ts gaussianKlSum over the memories of state s (known ones
 * cost nothing), KL(sigma) = -log(sigma / sb) + (sigma / sb)^2 / 2 - 1/2 (docs/math.md 1), and
 * of gaussianKlDerivative, KL'(sigma) = sigma / sb^2 - 1 / sigma, into klSlope. The memories are
 * fixed during the rollouts, so each state's are computed once per call.
 */
function klSumOf(s: i32, start: i32, count: i32, sigmaBase: f64): f64 {
  const stamp = klStamp + (<usize>s << 2);
  const at = klSum + (<usize>s << 3);
  if (load<i32>(stamp) == klCall) return load<f64>(at);
  let total: f64 = 0;
  for (let k = 0; k < count; k++) {
    if (load<u8>(known + <usize>(start + k)) != 0) continue;
    const sk = load<f64>(sigma + (<usize>(start + k) << 3));
    const ratio = sk / sigmaBase;
    total += -log(ratio) + 0.5 * ratio * ratio - 0.5;
    store<f64>(klSlope + (<usize>(start + k) << 3), sk / (sigmaBase * sigmaBase) - 1 / sk);
  }
  store<f64>(at, total);
  store<i32>(stamp, klCall);
  return total;
}

/**
 * Mirror of @dra/objectives state-terms.ts addMeanEntropyTerm (docs/math.md 3.5, reading 2):
 * adds (w / L) dH_t/dsigma into the learned memories of every s_t and returns
 * w Y = (w / L) sum_t H_t (0 when w or L is 0).
 */
function meanEntropyTerm(length: i32, w: f64): f64 {
  if (w == 0 || length == 0) return 0;
  const scale = w / <f64>length;
  let sum: f64 = 0;
  for (let t = 0; t < length; t++) {
    const at = recordAt(t);
    const s = load<i32>(at + TRAJECTORY_STATE);
    const start = firstAction(s);
    const count = actionCount(s);
    sum += load<f64>(at + TRAJECTORY_ENTROPY);
    for (let k = 0; k < count; k++) {
      if (load<u8>(known + <usize>(start + k)) != 0) continue;
      const g = gradient + (<usize>(start + k) << 3);
      store<f64>(g, load<f64>(g) + scale * load<f64>(at + slopeRow + (<usize>k << 3)));
    }
  }
  return scale * sum;
}

/**
 * Mirror of @dra/agent evaluate.ts evaluateByRollouts with @dra/objectives episode-statistics.ts
 * EpisodeStatistics.add and @dra/policies SoftThompson.entropy: `rollouts` evaluation episodes
 * into EpisodeStatistics' sums, the totals row (episodes, steps, sum of returns, of squared
 * returns, of entropies, of squared entropies, of per-step mean entropies, at the TOTAL_*
 * indices of the layout) and visits per state; the entropy of a step is
 * H = -sum_k p_k log p_k over p_k > 0. Returns 0 with the steps taken at STEPS_AT, or
 * -1 - s on reaching a live state s without actions.
 */
export function evaluationRollouts(rollouts: i32, beta: f64): i32 {
  loadRng();
  memory.fill(totals, 0, <usize>TOTALS_LENGTH << 3);
  memory.fill(visits, 0, <usize>stateCount << 3);
  let episodes: f64 = 0;
  let steps: f64 = 0;
  let returnSum: f64 = 0;
  let returnSquares: f64 = 0;
  let entropySum: f64 = 0;
  let entropySquares: f64 = 0;
  let stepEntropySum: f64 = 0;
  for (let n = 0; n < rollouts; n++) {
    let s = envReset();
    let terminated = lastTerminal;
    let truncated = false;
    let length: f64 = 0;
    let ret: f64 = 0;
    let entropy: f64 = 0;
    while (!terminated && !truncated) {
      const start = firstAction(s);
      const count = actionCount(s);
      if (count <= 0) return -1 - s;
      const a = act(start, count, beta, zeta, prob);
      const at = visits + (<usize>s << 3);
      store<f64>(at, load<f64>(at) + 1);
      let h: f64 = 0;
      for (let k = 0; k < count; k++) {
        const pk = load<f64>(prob + (<usize>k << 3));
        if (pk > 0) h -= pk * log(pk);
      }
      entropy += h;
      s = envStep(start + a, a);
      ret += stepReward;
      length++;
      terminated = lastTerminal;
      truncated = !terminated && length >= stepLimit;
    }
    episodes++;
    steps += length;
    returnSum += ret;
    returnSquares += ret * ret;
    entropySum += entropy;
    entropySquares += entropy * entropy;
    if (length > 0) stepEntropySum += entropy / length;
  }
  store<f64>(totals + (<usize>TOTAL_EPISODES << 3), episodes);
  store<f64>(totals + (<usize>TOTAL_STEPS << 3), steps);
  store<f64>(totals + (<usize>TOTAL_RETURN_SUM << 3), returnSum);
  store<f64>(totals + (<usize>TOTAL_RETURN_SQUARES << 3), returnSquares);
  store<f64>(totals + (<usize>TOTAL_ENTROPY_SUM << 3), entropySum);
  store<f64>(totals + (<usize>TOTAL_ENTROPY_SQUARES << 3), entropySquares);
  store<f64>(totals + (<usize>TOTAL_STEP_ENTROPY_SUM << 3), stepEntropySum);
  saveRng();
  return stepsTaken(steps);
}
