/**
 * The products of the race factors L_j (v[0 .. K)) over all K actions (returned) and leaving out
 * one action (rest1[a]), two (rest2[a K + j], a != j) and, for the entropy-action moments, three
 * (rest3[(a K + j) K + i], distinct a, j, i). Built from prefix and suffix products and the
 * products between the actions left out, in O(K^2) and O(K^3), without division (an L may be 0).
 */
export function leaveOutProducts(v: Float64Array, K: number, entropyProducts: boolean, rest1: Float64Array, rest2: Float64Array, rest3: Float64Array): number {
  // rest1 first holds the prefix products prod_{j < a} L_j; suffix products run from the end.
  let all = 1;
  for (let a = 0; a < K; a++) {
    rest1[a] = all;
    all *= v[a]!;
  }
  let suffix = 1;
  for (let a = K - 1; a >= 0; a--) {
    const prefix = rest1[a]!;
    rest1[a] = prefix * suffix;
    // rest2[a, j] for j > a: prefix(a) * prod_{a < i < j} L_i * suffix(j), suffix(j) = prod_{i > j} L_i.
    let between = prefix;
    for (let j = a + 1; j < K; j++) {
      const pair = between * suffixProduct(v, j + 1, K);
      rest2[a * K + j] = pair;
      rest2[j * K + a] = pair;
      if (entropyProducts) fillTriples(v, K, a, j, between, rest3);
      between *= v[j]!;
    }
    suffix *= v[a]!;
  }
  return all;
}

/** prod_{from <= i < K} L_i. */
function suffixProduct(v: Float64Array, from: number, K: number): number {
  let p = 1;
  for (let i = from; i < K; i++) p *= v[i]!;
  return p;
}

/** rest3 of the triples a < j < i, in all six orders; `before` = prod of L over the actions below j other than a. */
function fillTriples(v: Float64Array, K: number, a: number, j: number, before: number, rest3: Float64Array): void {
  let between = before;
  for (let i = j + 1; i < K; i++) {
    const p = between * suffixProduct(v, i + 1, K);
    rest3[(a * K + j) * K + i] = p;
    rest3[(a * K + i) * K + j] = p;
    rest3[(j * K + a) * K + i] = p;
    rest3[(j * K + i) * K + a] = p;
    rest3[(i * K + a) * K + j] = p;
    rest3[(i * K + j) * K + a] = p;
    between *= v[i]!;
  }
}
