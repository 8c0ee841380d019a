import { buildTabularModel, MemoryTable } from '@dra/core';
import { goalChain, mathChainA } from '@dra/environments/testing';
import { describe, expect, it } from 'vitest';
import { createObjective } from '../create-objective.js';
import { exactOn as evaluate, memoryOf, OBJECTIVE_SETTINGS, TEST_MDPS, valueFromRollouts } from '../tabular-estimates.test-support.js';
import { evaluateExactly } from './exact-evaluator.js';

describe('exact gradients against central finite differences of the exact objective (closed form check, relative 1e-6)', () => {
  it.each(TEST_MDPS.flatMap(([name, mdp]) => OBJECTIVE_SETTINGS.map(([id, settings]) => [id, name, mdp, settings] as const)))('%s on %s', (_, __, mdp, settings) => {
    const g = evaluate(mdp, settings).gradient;
    const scale = Math.max(...Array.from(g, Math.abs));
    for (let i = 0; i < g.length; i++) {
      const h = 1e-5;
      const up = memoryOf(mdp);
      const down = memoryOf(mdp);
      up.sigma[i]! += h;
      down.sigma[i]! -= h;
      const fd = (evaluate(mdp, settings, up).objective - evaluate(mdp, settings, down).objective) / (2 * h);
      expect(Math.abs(fd - g[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(g[i]!), 1e-3 * scale));
    }
  });
});

describe('Eq. 10 with the realised episode length (docs/math.md 3.5 reading 2, 4.4)', () => {
  it('equals Eq. 10 with T_ref = T when every episode lasts T moves (chain (a), T = 2)', () => {
    const chain = mathChainA();
    const fixed = evaluate(chain, { objective: 'eq10', tRef: 2 });
    const realised = evaluate(chain, { objective: 'eq10', tRef: 'realised' });
    expect(realised.objective).toBeCloseTo(fixed.objective, 13);
    realised.gradient.forEach((g, i) => expect(g).toBeCloseTo(fixed.gradient[i]!, 12));
  });

  it('differs from T_ref = T when episodes end early, and rollouts agree with it (goal chain, |z| < 4 over 2e5 episodes)', () => {
    const mdp = goalChain();
    const exact = evaluate(mdp, { objective: 'eq10', tRef: 'realised' });
    expect(Math.abs(exact.objective - evaluate(mdp, { objective: 'eq10', tRef: 5 }).objective)).toBeGreaterThan(0.01);
    const objective = createObjective({ objective: 'eq10', tRef: 'realised', estimator: 'causal', lambda: mdp.lambda, sigmaBase: mdp.sigmaBase });
    const { mean, se } = valueFromRollouts(mdp, objective, 5);
    expect(Math.abs(mean - exact.objective) / se).toBeLessThan(4);
  });

  it('on an absorbing task without a cap, stops where episodes still run with probability < 1e-15 (agrees with a cap of 400)', () => {
    const actions = [
      [[{ next: 1, probability: 0.3, reward: 1 }, { next: 0, probability: 0.7, reward: -0.1 }], [{ next: 0, probability: 1, reward: -0.2 }], [{ next: 1, probability: 0.1, reward: 0 }, { next: 0, probability: 0.9, reward: 0 }]],
      [],
    ];
    const open = buildTabularModel({ actions, start: [1, 0], terminal: [false, true] });
    const capped = buildTabularModel({ actions, start: [1, 0], terminal: [false, true], horizon: 400 });
    const memory = new MemoryTable([3, 0]);
    memory.mean.set([0.5, 0.1, -0.3]);
    memory.sigma.set([0.6, 1.1, 0.9]);
    const options = { objective: 'eq10', tRef: 'realised', beta: 2, lambda: 0.3, sigmaBase: 1.5 } as const;
    const a = evaluateExactly(open, memory, options);
    const b = evaluateExactly(capped, memory, options);
    expect(Math.abs(a.objective - b.objective)).toBeLessThan(1e-12);
    for (let i = 0; i < 3; i++) expect(Math.abs(a.gradient[i]! - b.gradient[i]!)).toBeLessThan(1e-12);
  });
});
