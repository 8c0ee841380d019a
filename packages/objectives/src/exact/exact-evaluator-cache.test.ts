import { MemoryTable, type TabularModel } from '@dra/core';
import { createBuiltInRegistry, optimalValues } from '@dra/environments';
import { branchingMdp, mathChainA } from '@dra/environments/testing';
import { describe, expect, it } from 'vitest';
import { draExactForm } from '../dra-global-cost.js';
import { eq10ExactForm } from '../eq10-global-cost.js';
import { eq8ExactForm } from '../eq8-per-visit.js';
import type { ExactForm } from '../objective-description.js';
import { ExactEvaluator } from './exact-evaluator-cache.js';
import { evaluateExactForm, type ExactEvaluation } from './exact-evaluator.js';

/** The evaluation's numbers as bytes, so equality is bit for bit. */
function bitsOf(e: ExactEvaluation): number[] {
  const scalars = Float64Array.of(e.objective, e.return, e.memoryCost, e.actionEntropy);
  return [scalars, e.gradient, e.visits, e.policy].flatMap((a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

/** The live states with actions: the states whose moments an evaluation computes. */
function liveStateList(model: TabularModel): number[] {
  const live: number[] = [];
  for (let s = 0; s < model.stateCount; s++) if (model.terminal[s] === 0 && model.actionStart[s + 1]! > model.actionStart[s]!) live.push(s);
  return live;
}
const liveStates = (model: TabularModel) => liveStateList(model).length;

const mazeModel: TabularModel = createBuiltInRegistry().create('maze', {}).model!;
/** A maze memory with the optimal action values as means (episodes end soon) and spread scales (beta sigma from 5 to 45 at beta 10). */
function mazeMemory(): MemoryTable {
  const model = mazeModel;
  const memory = new MemoryTable(Array.from({ length: model.stateCount }, (_, s) => model.actionStart[s + 1]! - model.actionStart[s]!));
  const { values } = optimalValues(model, { steps: 200 });
  for (let i = 0; i < memory.size; i++) {
    for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) memory.mean[i]! += model.probability[j]! * (model.reward[j]! + values[model.nextState[j]!]!);
    memory.sigma[i] = 0.5 + ((i * 11) % 9) * 0.5;
  }
  return memory;
}

describe('ExactEvaluator: exact evaluation with per-state moments kept between calls', () => {
  it.each([
    ['dra', draExactForm(0.1, 5)],
    ['eq10, realised length', eq10ExactForm(0.1, 5, 'realised')],
  ] as [string, ExactForm][])('%s on the maze: after one state\'s sigma changes it recomputes that state only and returns the fresh evaluation bit for bit (oracle: evaluateExactForm)', (_, form) => {
    const memory = mazeMemory();
    const evaluator = new ExactEvaluator();
    expect(bitsOf(evaluator.evaluate(mazeModel, memory, form, 10))).toEqual(bitsOf(evaluateExactForm(mazeModel, memory, form, 10)));
    expect(evaluator.computedStates).toBe(liveStates(mazeModel));
    const s = liveStateList(mazeModel)[17]!;
    memory.sigma[memory.actionStart[s]! + 2]! *= 1.5;
    const cached = evaluator.evaluate(mazeModel, memory, form, 10);
    expect(evaluator.computedStates).toBe(liveStates(mazeModel) + 1);
    expect(bitsOf(cached)).toEqual(bitsOf(evaluateExactForm(mazeModel, memory, form, 10)));
    evaluator.evaluate(mazeModel, memory, form, 10);
    expect(evaluator.computedStates).toBe(liveStates(mazeModel) + 1);
  });

  it('recomputes every state when beta or the need for E[H p_a] changes, and a state whose mean, known flag or sign of zero changes', () => {
    const memory = mazeMemory();
    const evaluator = new ExactEvaluator();
    const live = liveStates(mazeModel);
    const dra = draExactForm(0.1, 5);
    evaluator.evaluate(mazeModel, memory, dra, 10);
    evaluator.evaluate(mazeModel, memory, eq8ExactForm(0.1, 5), 10); // same moments: no E[H p_a], same beta
    expect(evaluator.computedStates).toBe(live);
    evaluator.evaluate(mazeModel, memory, dra, 10.5);
    expect(evaluator.computedStates).toBe(2 * live);
    evaluator.evaluate(mazeModel, memory, eq10ExactForm(0.1, 5, 'realised'), 10.5);
    expect(evaluator.computedStates).toBe(3 * live);
    const [s1, s2, s3] = liveStateList(mazeModel);
    memory.mean[memory.actionStart[s1!]!]! += 1e-12;
    memory.known[memory.actionStart[s2!]! + 1] = 1;
    memory.mean[memory.actionStart[s3!]!] = 0;
    evaluator.evaluate(mazeModel, memory, eq10ExactForm(0.1, 5, 'realised'), 10.5);
    memory.mean[memory.actionStart[s3!]!] = -0; // equal to 0, other bits
    const last = evaluator.evaluate(mazeModel, memory, eq10ExactForm(0.1, 5, 'realised'), 10.5);
    expect(evaluator.computedStates).toBe(3 * live + 4);
    expect(bitsOf(last)).toEqual(bitsOf(evaluateExactForm(mazeModel, memory, eq10ExactForm(0.1, 5, 'realised'), 10.5)));
  });

  it('serves states with one, three and four actions, known memories and a scale below 0.5 (direct path), and starts afresh for a memory of another layout (branching MDP, then the maze)', () => {
    const mdp = branchingMdp();
    const memory = MemoryTable.fromRows({ mean: mdp.mean, sigma: mdp.sigma });
    memory.known[1] = 1;
    memory.sigma[2] = 0.01; // beta sigma = 0.015
    const form = eq8ExactForm(mdp.lambda, mdp.sigmaBase);
    const evaluator = new ExactEvaluator();
    evaluator.evaluate(mdp.model, memory, form, mdp.beta);
    memory.sigma[0]! += 0.25;
    const cached = evaluator.evaluate(mdp.model, memory, form, mdp.beta);
    expect(evaluator.computedStates).toBe(liveStates(mdp.model) + 1);
    expect(bitsOf(cached)).toEqual(bitsOf(evaluateExactForm(mdp.model, memory, form, mdp.beta)));
    expect(cached.gradient[1]).toBe(0);
    evaluator.evaluate(mazeModel, mazeMemory(), form, mdp.beta);
    expect(evaluator.computedStates).toBe(liveStates(mdp.model) + 1 + liveStates(mazeModel));
  });

  it('serves two-action states (the one-dimensional form, here with beta sigma = 0.02): chain (a), Eq. 10 with the realised length', () => {
    const chain = mathChainA();
    const memory = MemoryTable.fromRows({ mean: chain.mean, sigma: chain.sigma });
    memory.sigma[0] = 0.01; // beta sigma = 0.02
    const form = eq10ExactForm(chain.lambda, chain.sigmaBase, 'realised');
    const evaluator = new ExactEvaluator();
    evaluator.evaluate(chain.model, memory, form, chain.beta);
    memory.sigma[3]! *= 0.5;
    const cached = evaluator.evaluate(chain.model, memory, form, chain.beta);
    expect(evaluator.computedStates).toBe(3);
    expect(bitsOf(cached)).toEqual(bitsOf(evaluateExactForm(chain.model, memory, form, chain.beta)));
  });
});
