import { BadInputError } from '@dra/core';
import type { Rng } from '@dra/core';
import { symmetricEigen } from './symmetric-eigen.js';

/** Options of `cmaEsMinimise`. */
export interface CmaEsOptions {
  /** Box constraints, the same for every coordinate. */
  lower: number;
  upper: number;
  /** Initial step size sigma_0 (in the units of x). */
  initialStep: number;
  /** Stop after this many evaluations of f (whole generations: the last one may overrun by up to lambda - 1). */
  maxEvaluations: number;
  /** Offspring per generation, lambda (default 4 + floor(3 ln n)). */
  populationSize?: number;
  /** Stop when the best values of the last 10 + ceil(30 n / lambda) generations and all of the current one span less than this (default 1e-11). */
  tolFun?: number;
  /** Stop when every coordinate's search spread sigma * max(sqrt(C_ii), |p_c,i|) is below this (default 1e-11 * initialStep). */
  tolX?: number;
  rng: Rng;
}

/** Why a CMA-ES run stopped: the evaluation budget, flat recent values, a collapsed search spread, or an ill-conditioned covariance. */
export type CmaEsStop = 'maxEvaluations' | 'tolFun' | 'tolX' | 'conditionCov';

/** What `cmaEsMinimise` found and how long it searched. */
export interface CmaEsResult {
  /** The best point evaluated (inside the box) and its value. */
  best: Float64Array;
  bestValue: number;
  evaluations: number;
  generations: number;
  stop: CmaEsStop;
}

/** The point of the box [lower, upper] a free coordinate maps to: identity inside, mirrored at the walls (periodic). */
export function reflectIntoBox(x: number, lower: number, upper: number): number {
  if (x >= lower && x <= upper) return x;
  const width = upper - lower;
  if (width === 0) return lower;
  let t = (x - lower) % (2 * width);
  if (t < 0) t += 2 * width;
  return lower + (t > width ? 2 * width - t : t);
}

/**
 * Minimises f over the box [lower, upper]^n by the (mu/mu_w, lambda)-CMA-ES with cumulative
 * step-size adaptation and rank-one plus rank-mu covariance updates, in the standard
 * parameterisation (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, Table 1), with the
 * positive weights w_i ~ ln(mu + 1/2) - ln i of Hansen's own minimal implementation (the
 * tutorial's ln((lambda + 1)/2) - ln i differs for odd lambda only). The
 * search runs on free coordinates; f sees them mirrored into the box (`reflectIntoBox`), so
 * the search distribution is unchanged inside it. f receives a scratch array it must not keep.
 * Randomness comes only from `options.rng`.
 */
export function cmaEsMinimise(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: CmaEsOptions): CmaEsResult {
  checkOptions(x0.length, options);
  const search = new CmaEsSearch(x0, options);
  let stop: CmaEsStop = 'maxEvaluations';
  while (search.evaluations < options.maxEvaluations) {
    search.sampleAndRank(f);
    search.moveMean();
    const pSigmaNorm = search.updatePaths();
    search.updateCovariance(pSigmaNorm);
    const why = search.stopReason();
    if (why !== null) {
      stop = why;
      break;
    }
  }
  return { best: search.best, bestValue: search.bestValue, evaluations: search.evaluations, generations: search.generations, stop };
}

/** The strategy parameters of Hansen's tutorial (Table 1) for dimension n and population lambda. */
function strategyParameters(n: number, lambda: number) {
  const mu = Math.floor(lambda / 2);
  const weights = new Float64Array(mu);
  let weightSum = 0;
  for (let i = 0; i < mu; i++) weightSum += weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
  let squareSum = 0;
  for (let i = 0; i < mu; i++) squareSum += (weights[i]! /= weightSum) ** 2;
  const muEff = 1 / squareSum;
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  const cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  return {
    mu, weights, muEff, cSigma, c1, cMu,
    dSigma: 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma,
    cC: (4 + muEff / n) / (n + 4 + (2 * muEff) / n),
    chiN: Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n)),
    eigenEvery: Math.max(1, Math.floor(1 / (10 * n * (c1 + cMu)))),
  };
}

/** The state of one CMA-ES run: mean, step, evolution paths, covariance C = B D^2 B^T, and the best point so far. */
class CmaEsSearch {
  readonly n: number;
  readonly lambda: number;
  readonly p: ReturnType<typeof strategyParameters>;
  readonly mean: Float64Array;
  step: number;
  readonly pSigma: Float64Array;
  readonly pC: Float64Array;
  readonly C: Float64Array;
  readonly B: Float64Array;
  readonly D: Float64Array;
  readonly eigenValues: Float64Array;
  readonly eigenWork: Float64Array;
  readonly z: Float64Array;
  /** y_k = B D z_k. */
  readonly ys: Float64Array;
  readonly values: Float64Array;
  readonly order: Int32Array;
  readonly phenotype: Float64Array;
  readonly meanStep: Float64Array;
  readonly whitened: Float64Array;
  readonly history: number[] = [];
  readonly best: Float64Array;
  bestValue = Infinity;
  evaluations = 0;
  generations = 0;
  private conditionCov = false;
  /** h_sigma of the latest generation: 0 stalls the p_c update when |p_sigma| is large. */
  private hSigma = 0;

  constructor(x0: ArrayLike<number>, private readonly options: CmaEsOptions) {
    const n = (this.n = x0.length);
    const lambda = (this.lambda = options.populationSize ?? 4 + Math.floor(3 * Math.log(n)));
    this.p = strategyParameters(n, lambda);
    this.mean = Float64Array.from(x0);
    this.step = options.initialStep;
    this.pSigma = new Float64Array(n);
    this.pC = new Float64Array(n);
    this.C = new Float64Array(n * n);
    this.B = new Float64Array(n * n);
    this.D = new Float64Array(n).fill(1);
    this.eigenValues = new Float64Array(n);
    this.eigenWork = new Float64Array(n * n);
    for (let i = 0; i < n; i++) this.C[i * n + i] = this.B[i * n + i] = 1;
    this.z = new Float64Array(n);
    this.ys = new Float64Array(lambda * n);
    this.values = new Float64Array(lambda);
    this.order = new Int32Array(lambda);
    this.phenotype = new Float64Array(n);
    this.meanStep = new Float64Array(n);
    this.whitened = new Float64Array(n);
    this.best = new Float64Array(n);
    for (let i = 0; i < n; i++) this.best[i] = reflectIntoBox(this.mean[i]!, options.lower, options.upper);
  }

  /** Draws lambda offspring m + sigma B D z_k, evaluates f on each mirrored into the box, ranks them. */
  sampleAndRank(f: (x: Float64Array) => number): void {
    const { n, lambda, B, D, z, ys, mean, phenotype, values, order } = this;
    const { lower, upper, rng } = this.options;
    for (let k = 0; k < lambda; k++) {
      rng.fillNormal(z, 0, n);
      for (let i = 0; i < n; i++) {
        let y = 0;
        for (let j = 0; j < n; j++) y += B[i * n + j]! * D[j]! * z[j]!;
        ys[k * n + i] = y;
        phenotype[i] = reflectIntoBox(mean[i]! + this.step * y, lower, upper);
      }
      const v = f(phenotype);
      values[k] = Number.isNaN(v) ? Infinity : v;
      this.evaluations++;
      if (values[k]! < this.bestValue) {
        this.bestValue = values[k]!;
        this.best.set(phenotype);
      }
      order[k] = k;
    }
    order.sort((a, b) => values[a]! - values[b]! || a - b);
    this.generations++;
  }

  /** m <- sum_i w_i x_{i:lambda};  meanStep = (m_new - m_old) / sigma = sum_i w_i y_{i:lambda}. */
  moveMean(): void {
    const { n, meanStep, ys, order, mean } = this;
    const { mu, weights } = this.p;
    meanStep.fill(0);
    for (let i = 0; i < mu; i++) {
      const k = order[i]!;
      for (let j = 0; j < n; j++) meanStep[j]! += weights[i]! * ys[k * n + j]!;
    }
    for (let j = 0; j < n; j++) mean[j]! += this.step * meanStep[j]!;
  }

  /**
   * p_sigma <- (1 - c_s) p_sigma + sqrt(c_s (2 - c_s) mu_eff) C^(-1/2) meanStep, with C^(-1/2) = B D^-1 B^T;
   * p_c <- (1 - c_c) p_c + h_sigma sqrt(c_c (2 - c_c) mu_eff) meanStep. Returns |p_sigma|.
   */
  updatePaths(): number {
    const { n, B, D, meanStep, whitened, pSigma, pC } = this;
    const { cSigma, muEff, chiN, cC } = this.p;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += B[i * n + j]! * meanStep[i]!;
      whitened[j] = s / D[j]!;
    }
    const sigmaGain = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    let pSigmaNorm = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += B[i * n + j]! * whitened[j]!;
      pSigma[i] = (1 - cSigma) * pSigma[i]! + sigmaGain * s;
      pSigmaNorm += pSigma[i]! * pSigma[i]!;
    }
    pSigmaNorm = Math.sqrt(pSigmaNorm);
    this.hSigma = pSigmaNorm / Math.sqrt(1 - (1 - cSigma) ** (2 * this.generations)) / chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const cGain = Math.sqrt(cC * (2 - cC) * muEff);
    for (let i = 0; i < n; i++) pC[i] = (1 - cC) * pC[i]! + this.hSigma * cGain * meanStep[i]!;
    return pSigmaNorm;
  }


  /**
   * C <- (1 - c1 - cmu) C + c1 (p_c p_c^T + (1 - h) c_c (2 - c_c) C) + cmu sum_i w_i y_i y_i^T;
   * sigma <- sigma exp((c_s / d_s)(|p_sigma| / chi_n - 1)); B, D afresh every `eigenEvery` generations.
   */
  updateCovariance(pSigmaNorm: number): void {
    const { n, C, pC, ys, order } = this;
    const { c1, cMu, cC, mu, weights, cSigma, dSigma, chiN, eigenEvery } = this.p;
    const keep = 1 - c1 - cMu + (1 - this.hSigma) * c1 * cC * (2 - cC);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let r = 0; r < mu; r++) {
          const k = order[r]!;
          rankMu += weights[r]! * ys[k * n + i]! * ys[k * n + j]!;
        }
        const c = keep * C[i * n + j]! + c1 * pC[i]! * pC[j]! + cMu * rankMu;
        C[i * n + j] = C[j * n + i] = c;
      }
    }
    this.step *= Math.exp((cSigma / dSigma) * (pSigmaNorm / chiN - 1));
    if (this.generations % eigenEvery === 0) this.decompose();
  }

  /** B, D from C; flags an ill-conditioned C (condition number above 1e14). */
  private decompose(): void {
    const { n, D, eigenValues } = this;
    symmetricEigen(this.C, n, eigenValues, this.B, this.eigenWork);
    let largest = 0;
    let smallest = Infinity;
    for (let i = 0; i < n; i++) {
      const e = Math.max(eigenValues[i]!, 1e-300);
      D[i] = Math.sqrt(e);
      largest = Math.max(largest, e);
      smallest = Math.min(smallest, e);
    }
    this.conditionCov = largest / smallest > 1e14;
  }

  /** Why to stop after this generation, or null to go on. */
  stopReason(): CmaEsStop | null {
    if (this.conditionCov) return 'conditionCov';
    const { n, values, order, history, C, pC } = this;
    const window = 10 + Math.ceil((30 * n) / this.lambda);
    history.push(values[order[0]!]!);
    if (history.length > window) history.shift();
    if (history.length === window) {
      const spread = Math.max(...history, values[order[this.lambda - 1]!]!) - Math.min(...history, values[order[0]!]!);
      if (spread < (this.options.tolFun ?? 1e-11)) return 'tolFun';
    }
    let spread = 0;
    for (let i = 0; i < n; i++) spread = Math.max(spread, this.step * Math.max(Math.sqrt(C[i * n + i]!), Math.abs(pC[i]!)));
    return spread < (this.options.tolX ?? 1e-11 * this.options.initialStep) ? 'tolX' : null;
  }
}

function checkOptions(n: number, o: CmaEsOptions): void {
  if (n < 1) throw new BadInputError('CMA-ES needs at least one coordinate');
  if (!(Number.isFinite(o.lower) && Number.isFinite(o.upper) && o.lower <= o.upper)) throw new BadInputError(`bounds must be finite with lower <= upper, got [${o.lower}, ${o.upper}]`);
  if (!(o.initialStep > 0 && Number.isFinite(o.initialStep))) throw new BadInputError(`initialStep must be a finite number > 0, got ${o.initialStep}`);
  if (!Number.isSafeInteger(o.maxEvaluations) || o.maxEvaluations < 1) throw new BadInputError(`maxEvaluations must be a whole number >= 1, got ${o.maxEvaluations}`);
  if (o.populationSize !== undefined && (!Number.isSafeInteger(o.populationSize) || o.populationSize < 2)) throw new BadInputError(`populationSize must be a whole number >= 2, got ${o.populationSize}`);
}
