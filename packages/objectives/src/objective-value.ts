/**
 * An objective's value split into its parts (per episode, in expectation):
 * - `return`: undiscounted sum of rewards;
 * - `memoryCost`: the lambda-weighted KL paid (DRA: lambda * KL over the whole table);
 * - `actionEntropy`: sum over the episode's steps of the entropy H_t of the noisy softmax (nats);
 * - `objective`: the objective itself (DRA: return - memoryCost).
 */
export interface ObjectiveValue {
  objective: number;
  return: number;
  memoryCost: number;
  actionEntropy: number;
}
