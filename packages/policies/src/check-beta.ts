import { BadInputError } from '@dra/core';
/** Validates an inverse temperature: a finite number > 0. */
export function checkBeta(beta: number): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new BadInputError(`beta must be a finite number > 0, got ${String(beta)}`);
  }
  return beta;
}
