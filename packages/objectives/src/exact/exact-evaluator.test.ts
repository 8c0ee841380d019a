import { buildTabularModel, MemoryTable } from '@dra/core';
import { createHuysTask } from '@dra/environments';
import { mathChainA } from '@dra/environments/testing';
import { describe, expect, it } from 'vitest';
import type { ObjectiveId } from '../objective.js';
import { EXACT_LIMITS, evaluateExactly, exactEvaluationRefusal } from './exact-evaluator.js';
import { raceMoments } from './race-moments.js';
import { stateMoments } from './state-moments.js';

/** |a - b| within 6 significant digits of the printed reference b (docs/math.md 7 tolerance). */
function expectSixDigits(actual: number, reference: number): void {
  const scale = reference === 0 ? 1e-12 : Math.abs(reference) * 6e-6;
  expect(Math.abs(actual - reference)).toBeLessThanOrEqual(scale);
}

const moments = (q: number[], sigma: number[], beta: number) => stateMoments(Float64Array.from(q), Float64Array.from(sigma), 0, q.length, beta);

describe('per-state noise moments (oracle: docs/math.md 7, cases u1-u6)', () => {
  it.each([
    ['u1', [0.8, 1.6], [0.7, 1.3], 2.0, [0.320673, 0.679327], 0.32949, [0.0401363, 0.0745388], [-0.0575981, -0.106968]],
    ['u2', [120, 40], [20, 35], 0.1, [0.964812, 0.0351882], 0.0612106, [-0.00142484, -0.00249348], [0.00124329, 0.00217576]],
    ['u3', [0, -40], [10, 45], 0.1, [0.790753, 0.209247], 0.189365, [-0.000954332, -0.00429449], [-0.000272915, -0.00122812]],
    ['u4', [0, 0], [100, 100], 0.1, [0.5, 0.5], 0.0917611, [0, 0], [-0.000448596, -0.000448596]],
    ['u5', [3, 0], [300, 10], 0.1, [0.50398, 0.49602], 0.0436113, [-1.3203e-5, -4.40101e-7], [-0.000144459, -4.81529e-6]],
  ])('%s (K = 2, one-dimensional form)', (_, q, sigma, beta, pibar, hbar, dp0, dh) => {
    const m = moments(q as number[], sigma as number[], beta as number);
    (pibar as number[]).forEach((v, a) => expectSixDigits(m.pibar[a]!, v));
    expectSixDigits(m.hbar, hbar as number);
    (dp0 as number[]).forEach((v, k) => expectSixDigits(m.dpibar[k]!, v));
    (dp0 as number[]).forEach((v, k) => expectSixDigits(m.dpibar[2 + k]!, -v));
    (dh as number[]).forEach((v, k) => expectSixDigits(m.dhbar[k]!, v));
  });

  it('u6 (K = 3, exponential race): pibar, Hbar, the full Jacobian and dHbar', () => {
    const m = moments([1, 0, -0.5], [0.5, 1, 0.3], 1.5);
    [0.669251, 0.245237, 0.0855122].forEach((v, a) => expectSixDigits(m.pibar[a]!, v));
    expectSixDigits(m.hbar, 0.651614);
    const jacobian = [-0.0470633, -0.0808762, -0.0278278, 0.0205609, 0.0905614, -0.00902078, 0.0265024, -0.00968518, 0.0368486];
    jacobian.forEach((v, i) => expectSixDigits(m.dpibar[i]!, v));
    [-0.0563328, -0.107301, 0.0189092].forEach((v, k) => expectSixDigits(m.dhbar[k]!, v));
  });

  it.each([
    [[0.8, 1.6], [0.7, 1.3], 2],
    [[0.1, 0.3], [3, 5], 10],
    [[1, 0], [0.02, 5], 10],
    [[0, 0], [100, 100], 0.1],
  ])('race for K = 2 at q %j, sigma %j, beta %d agrees with the one-dimensional form, E[H p_a] included (cross-check, 1e-9)', (q, sigma, beta) => {
    const oneDimensional = stateMoments(Float64Array.from(q), Float64Array.from(sigma), 0, 2, beta, true);
    const race = raceMoments(q, sigma, beta, true);
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9));
    close(race.pibar, oneDimensional.pibar);
    close([race.hbar], [oneDimensional.hbar]);
    close(race.dpibar, oneDimensional.dpibar);
    close(race.dhbar, oneDimensional.dhbar);
    close(race.hp!, oneDimensional.hp!);
    close(race.dhp!, oneDimensional.dhp!);
  });

  it('E[H p_a] sums to Hbar and its derivative matches central differences (K = 4, closed form checks)', () => {
    const q = [0.2, -0.1, 0.5, 0];
    const sigma = [0.3, 2, 4, 0.7];
    const m = raceMoments(q, sigma, 3, true);
    expect(Math.abs(m.hp!.reduce((s, v) => s + v, 0) - m.hbar)).toBeLessThan(1e-10);
    for (let k = 0; k < 4; k++) {
      const h = 1e-5;
      const up = raceMoments(q, sigma.map((v, i) => (i === k ? v + h : v)), 3, true);
      const down = raceMoments(q, sigma.map((v, i) => (i === k ? v - h : v)), 3, true);
      for (let a = 0; a < 4; a++) expect(Math.abs((up.hp![a]! - down.hp![a]!) / (2 * h) - m.dhp![a * 4 + k]!)).toBeLessThan(1e-8);
    }
  });

  it('is exact for one action: p = 1, H = 0, no gradient', () => {
    const m = moments([5], [2], 3);
    expect([m.pibar[0], m.hbar, m.dpibar[0], m.dhbar[0]]).toEqual([1, 0, 0, 0]);
  });
});

describe('exact objectives and gradients on docs/math.md chain (a) (oracle: docs/math.md 7)', () => {
  const chain = mathChainA();
  const memory = () => MemoryTable.fromRows({ mean: chain.mean, sigma: chain.sigma });
  const evaluate = (objective: ObjectiveId, m = memory()) => evaluateExactly(chain.model, m, { objective, beta: 2, lambda: 0.3, sigmaBase: 1.5 });

  it('gives F8 = 1.79791, F10 = 1.69764, F_DRA = 1.58965 and the expected visits 0.943495, 1.05651', () => {
    expectSixDigits(evaluate('eq8').objective, 1.79791);
    expectSixDigits(evaluate('eq10').objective, 1.69764);
    const dra = evaluate('dra');
    expectSixDigits(dra.objective, 1.58965);
    expectSixDigits(dra.memoryCost, 0.3 * 1.23468);
    expectSixDigits(dra.visits[0]!, 0.943495);
    expectSixDigits(dra.visits[1]!, 1.05651);
    expect(dra.objective).toBeCloseTo(dra.return - dra.memoryCost, 14);
  });

  it.each([
    ['eq8', [0.288081, 0.00179224, 0.450134, 0.0213831]],
    ['eq10', [0.312402, 0.0150264, 0.427226, 0.0223401]],
    ['dra', [0.320741, 0.0305131, 0.437556, 0.0409336]],
  ] as const)('gives the exact gradient of %s', (objective, expected) => {
    const g = evaluate(objective).gradient;
    expected.forEach((v, i) => expectSixDigits(g[i]!, v));
  });

  it('agrees with central finite differences of its own value (closed form check, 1e-7)', () => {
    for (const objective of ['eq8', 'eq10', 'dra'] as const) {
      const g = evaluate(objective).gradient;
      for (let i = 0; i < 4; i++) {
        const up = memory();
        const down = memory();
        const h = 1e-5;
        up.sigma[i]! += h;
        down.sigma[i]! -= h;
        const fd = (evaluate(objective, up).objective - evaluate(objective, down).objective) / (2 * h);
        expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-7);
      }
    }
  });
});

describe('exact evaluation on other models', () => {
  it('agrees between the two-action form and the exponential race (cross-check, docs/math.md 4.2)', () => {
    // A third action with a very low mean has ~no weight, so the race over 3 actions must reproduce K = 2.
    const two = moments([0.8, 1.6], [0.7, 1.3], 2);
    const three = moments([0.8, 1.6, -60], [0.7, 1.3, 0.1], 2);
    for (let a = 0; a < 2; a++) expect(Math.abs(three.pibar[a]! - two.pibar[a]!)).toBeLessThan(1e-10);
    expect(Math.abs(three.hbar - two.hbar)).toBeLessThan(1e-10);
    for (const [a, k] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) expect(Math.abs(three.dpibar[a * 3 + k]! - two.dpibar[a * 2 + k]!)).toBeLessThan(1e-10);
  });

  it('solves an absorbing task without a cap as the capped recursion does at a long cap (docs/math.md 4.3)', () => {
    // Goal chain: from 0, action 0 reaches the goal (terminal) with probability 0.5, else stays; action 1 stays.
    const actions = [
      [[{ next: 1, probability: 0.5, reward: 1 }, { next: 0, probability: 0.5, reward: -0.1 }], [{ next: 0, probability: 1, reward: -0.2 }]],
      [],
    ];
    const open = buildTabularModel({ actions, start: [1, 0], terminal: [false, true] });
    const capped = buildTabularModel({ actions, start: [1, 0], terminal: [false, true], horizon: 400 });
    const memory = new MemoryTable([2, 0]);
    memory.mean.set([0.5, 0.1]);
    memory.sigma.set([0.6, 1.1]);
    const options = { objective: 'eq10', beta: 2, lambda: 0.3, sigmaBase: 1.5, tRef: 5 } as const;
    const a = evaluateExactly(open, memory, options);
    const b = evaluateExactly(capped, memory, options);
    expect(Math.abs(a.objective - b.objective)).toBeLessThan(1e-12);
    for (let i = 0; i < 2; i++) expect(Math.abs(a.gradient[i]! - b.gradient[i]!)).toBeLessThan(1e-12);
  });

  it('leaves memories known exactly out of cost and gradient (planning task)', () => {
    const env = createHuysTask({ depth: 2 });
    const memory = new MemoryTable(env.actionCounts, { sigma: 30 });
    for (let i = 12; i < 24; i++) memory.known[i] = 1;
    const r = evaluateExactly(env.model, memory, { objective: 'dra', beta: 0.1, lambda: 1, sigmaBase: 100 });
    expect(Array.from(r.gradient.subarray(12))).toEqual(new Array(12).fill(0));
    expect(r.memoryCost).toBeCloseTo(12 * (Math.log(100 / 30) + 0.5 * 0.09 - 0.5), 12);
  });

  it('names bad input: Eq. 10 without a horizon or T_ref, a memory of another shape, lambda < 0', () => {
    const open = buildTabularModel({ actions: [[[{ next: 1, probability: 1, reward: 1 }]], []], start: [1, 0], terminal: [false, true] });
    const memory = new MemoryTable([1, 0]);
    expect(() => evaluateExactly(open, memory, { objective: 'eq10', beta: 1, lambda: 1, sigmaBase: 1 })).toThrow(/tRef: Eq. 10 on a task without a fixed horizon/);
    expect(() => evaluateExactly(open, memory, { objective: 'eq10', beta: 1, lambda: 1, sigmaBase: 1, tRef: 'real' as never })).toThrow(/tRef must be a finite number > 0 or 'realised', got real/);
    expect(() => evaluateExactly(open, new MemoryTable([2, 0]), { objective: 'dra', beta: 1, lambda: 1, sigmaBase: 1 })).toThrow(/do not match/);
    expect(() => evaluateExactly(open, memory, { objective: 'dra', beta: 1, lambda: -1, sigmaBase: 1 })).toThrow(/lambda must be a finite number >= 0, got -1/);
  });
});

describe('exactEvaluationRefusal: the sizes the exact evaluator takes', () => {
  const chain = (states: number, horizon?: number) =>
    buildTabularModel({
      actions: Array.from({ length: states }, (_, s) => (s === states - 1 ? [] : [[{ next: s + 1, probability: 1, reward: -1 }]])),
      start: Array.from({ length: states }, (_, s) => (s === 0 ? 1 : 0)),
      terminal: Array.from({ length: states }, (_, s) => s === states - 1),
      ...(horizon === undefined ? {} : { horizon }),
    });

  it('takes 2000 states without a horizon and refuses 2001, naming the count; with a horizon it bounds horizon x states', () => {
    expect(exactEvaluationRefusal(chain(2000))).toBeNull();
    expect(exactEvaluationRefusal(chain(2001))).toBe(`exact evaluation solves dense systems over the states: 2001 states is more than ${EXACT_LIMITS.states}; evaluate by rollouts`);
    expect(exactEvaluationRefusal(chain(3, 1e6))).toBeNull();
    expect(exactEvaluationRefusal(chain(3, 1e8))).toMatch(/horizon x states = 100000000 x 3 numbers, more than 20000000/);
  });

  it('evaluateExactly refuses a task above the limits with that reason instead of running out of memory', () => {
    const model = chain(2001);
    expect(() => evaluateExactly(model, new MemoryTable(Int32Array.from({ length: 2001 }, (_, s) => (s === 2000 ? 0 : 1))), { objective: 'dra', beta: 1, lambda: 0.1, sigmaBase: 1 })).toThrow(
      /2001 states is more than 2000/,
    );
  });
});
