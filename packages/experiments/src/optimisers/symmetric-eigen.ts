import { BadInputError } from '@dra/core';
/**
 * Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations:
 * A = V diag(values) V^T. `matrix` is row-major and is not changed; `values` (length n) and
 * `vectors` (row-major n x n, eigenvectors in columns) are written. Accurate to rounding for
 * the small, well-scaled covariance matrices of CMA-ES (n up to a few hundred).
 */
export function symmetricEigen(matrix: Float64Array, n: number, values: Float64Array, vectors: Float64Array, work: Float64Array = new Float64Array(n * n)): void {
  if (matrix.length < n * n || values.length < n || vectors.length < n * n || work.length < n * n) throw new BadInputError('symmetricEigen: arrays too short for n');
  work.set(matrix.subarray(0, n * n));
  vectors.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += work[i * n + i]! * work[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += work[i * n + j]! * work[i * n + j]!;
    }
    if (off <= 1e-30 * diagonal || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = work[p * n + r]!;
        if (apr === 0) continue;
        const app = work[p * n + p]!;
        const arr = work[r * n + r]!;
        // Rotation angle that zeroes a_pr: tan(2 phi) = 2 a_pr / (a_rr - a_pp).
        const theta = (arr - app) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = work[k * n + p]!;
          const akr = work[k * n + r]!;
          work[k * n + p] = c * akp - s * akr;
          work[k * n + r] = s * akp + c * akr;
        }
        for (let k = 0; k < n; k++) {
          const apk = work[p * n + k]!;
          const ark = work[r * n + k]!;
          work[p * n + k] = c * apk - s * ark;
          work[r * n + k] = s * apk + c * ark;
        }
        for (let k = 0; k < n; k++) {
          const vkp = vectors[k * n + p]!;
          const vkr = vectors[k * n + r]!;
          vectors[k * n + p] = c * vkp - s * vkr;
          vectors[k * n + r] = s * vkp + c * vkr;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) values[i] = work[i * n + i]!;
}
