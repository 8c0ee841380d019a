import type { MemoryTable } from '@dra/core';
import { hardThompsonChoiceEntropy } from '@dra/policies';

/** What a cell's colour shows. */
export type Quantity = 'entropy' | 'sigma' | 'sigma-0' | 'sigma-1' | 'sigma-2' | 'sigma-3' | 'value';

/** Per state: choice entropy of hard Thompson sampling (nats), mean sigma, one action's sigma, or max q. */
export function cellValues(memory: MemoryTable, quantity: Quantity): Float64Array {
  const out = new Float64Array(memory.stateCount);
  const scratch = new Float64Array(memory.maxActions);
  for (let s = 0; s < memory.stateCount; s++) {
    const a0 = memory.actionStart[s]!;
    const K = memory.actionCount(s);
    if (quantity === 'entropy') out[s] = hardThompsonChoiceEntropy(scratch, memory.mean, memory.sigma, a0, K);
    else if (quantity === 'value') out[s] = K > 0 ? Math.max(...memory.mean.subarray(a0, a0 + K)) : NaN;
    else if (quantity === 'sigma') out[s] = K > 0 ? memory.sigma.subarray(a0, a0 + K).reduce((t, v) => t + v, 0) / K : NaN;
    else {
      const k = Number(quantity.slice(6));
      out[s] = k < K ? memory.sigma[a0 + k]! : NaN;
    }
  }
  return out;
}

/** Fixed colour ranges where the quantity has a natural one; null = the values' own range. */
export function naturalRange(quantity: Quantity, actions: number): [number, number] | null {
  return quantity === 'entropy' ? [0, Math.log(actions)] : null;
}
