/**
 * An objective's value split into its parts (per episode, in expectation):
 * - `return`: undiscounted sum of rewards;
 * - `memoryCost`: the lambda-weighted KL paid (DRA: lambda * KL over the whole table);
 * - `actionEntropy`: sum over the episode's steps of the entropy H_t of the noisy softmax (nats);
 * - `objective`: the objective itself (DRA: return - memoryCost; Eq. 8 and Eq. 10 add their entropy
 *   bonus, which for Eq. 10 with the realised length is lambda E[(1/L) sum_t H_t], not a multiple of `actionEntropy`).
 */
export interface ObjectiveValue {
  objective: number;
  return: number;
  memoryCost: number;
  actionEntropy: number;
}
