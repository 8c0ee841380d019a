import { BadInputError } from '@dra/core';

/** Solves A x = b (or A^T x = b) by Gaussian elimination with partial pivoting; A is n x n row-major. */
export function solveLinear(matrix: Float64Array, rhs: Float64Array, n: number, transpose: boolean): Float64Array {
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) a[r * n + col] = transpose ? matrix[col * n + r]! : matrix[r * n + col]!;
  const x = Float64Array.from(rhs);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    if (Math.abs(a[pivot * n + col]!) < 1e-300) {
      throw new BadInputError('the policy does not end episodes with probability 1 (I - P_pi is singular); give the task a horizon');
    }
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k]!, a[col * n + k]!];
      [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col]! / a[col * n + col]!;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k]! -= f * a[col * n + k]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let k = r + 1; k < n; k++) sum -= a[r * n + k]! * x[k]!;
    x[r] = sum / a[r * n + r]!;
  }
  return x;
}
