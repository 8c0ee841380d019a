import { BadInputError, type MemoryTable, type Policy, type Rng, type TabularModel, TrajectoryBuffer } from '@dra/core';

/**
 * "Time to plan" (docs/tasks.md 2): before acting, the agent samples whole paths from its noisy
 * memories (soft Thompson sampling at every step, fresh noise each time) through the known
 * model, spending one unit of budget per single-step expansion, until the budget is spent;
 * it then executes the best path found. The model must be deterministic, so the executed
 * path earns exactly the return it was found with, and have a fixed horizon or terminal
 * states that end every path.
 *
 * Every sampled step is kept in `buffer`, so the trial's score is the sum of the steps'
 * scores: d/d sigma E[best return] = E[best return * sum_t psi_t] (the whole-return
 * estimator of the paper's code, unbiased for this objective).
 */
export class BudgetedPlanner {
  readonly budget: number;
  readonly buffer: TrajectoryBuffer;
  private readonly model: TabularModel;
  private readonly pathLimit: number;

  constructor(model: TabularModel, budget: number) {
    if (!Number.isSafeInteger(budget) || budget < 1) throw new BadInputError(`budget must be a whole number >= 1, got ${budget}`);
    for (let i = 0; i < model.actionStart[model.stateCount]!; i++) {
      if (model.transitionStart[i + 1]! - model.transitionStart[i]! !== 1) {
        throw new BadInputError(`planning under a budget needs a deterministic model; memory ${i} has ${model.transitionStart[i + 1]! - model.transitionStart[i]!} outcomes`);
      }
    }
    this.model = model;
    this.budget = budget;
    this.pathLimit = Number.isFinite(model.horizon) ? model.horizon : 10_000;
    let maxActions = 1;
    for (let s = 0; s < model.stateCount; s++) maxActions = Math.max(maxActions, model.actionStart[s + 1]! - model.actionStart[s]!);
    this.buffer = new TrajectoryBuffer(maxActions, budget + this.pathLimit);
  }

  /**
   * One trial from `start`: samples paths until `budget` expansions are spent (the last
   * path is completed) and returns the best path's return. `buffer` holds every step.
   */
  plan(memory: MemoryTable, policy: Policy, start: number, rng: Rng): number {
    const m = this.model;
    const buffer = this.buffer;
    buffer.clear();
    let best = -Infinity;
    while (buffer.length < this.budget) {
      let state = start;
      let value = 0;
      for (let step = 0; step < this.pathLimit && m.terminal[state] === 0; step++) {
        const t = buffer.push(state);
        const action = policy.act(memory, state, rng, buffer, t);
        const j = m.transitionStart[m.actionStart[state]! + action]!;
        buffer.actions[t] = action;
        buffer.rewards[t] = m.reward[j]!;
        value += m.reward[j]!;
        state = m.nextState[j]!;
      }
      if (value > best) best = value;
      if (buffer.length === 0) break; // the start state is terminal: nothing to plan
    }
    return best === -Infinity ? 0 : best;
  }

  /** gradient[i] += weight * (sum over the trial's steps of psi_t), for the memories the steps used. */
  addTrialScore(memory: MemoryTable, policy: Policy, weight: number, gradient: Float64Array): void {
    for (let t = 0; t < this.buffer.length; t++) policy.addScore(memory, this.buffer, t, weight, gradient);
  }
}
