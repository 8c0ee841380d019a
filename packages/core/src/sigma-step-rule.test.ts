import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decayedStep, SigmaStepper, type SigmaStepRuleId } from './sigma-step-rule.js';
import { sigmaAscentStep } from './sigma-step.js';

const gradients = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 12 });
const RULES: SigmaStepRuleId[] = ['constant', 'rmsprop', 'adam'];

describe('SigmaStepper', () => {
  it("'constant' is the paper's step, bit for bit (oracle: sigmaAscentStep)", () => {
    fc.assert(
      fc.property(fc.array(gradients, { minLength: 1, maxLength: 5 }), (steps) => {
        const n = steps[0]!.length;
        const a = new Float64Array(n).fill(3);
        const b = new Float64Array(n).fill(3);
        const stepper = new SigmaStepper('constant', n);
        for (const g of steps) {
          const gradient = Float64Array.from({ length: n }, (_, i) => g[i] ?? 0);
          stepper.step(a, gradient, 0.1, 0.01, 100);
          sigmaAscentStep(b, gradient, 0.1, 0.01, 100);
        }
        expect(Array.from(a)).toEqual(Array.from(b));
      }),
    );
  });

  it.each(['rmsprop', 'adam'] as const)('%s: the first step moves every memory by alpha in the direction of its gradient (closed form: alpha g / (|g| + 1e-8))', (rule) => {
    fc.assert(
      fc.property(gradients, (g) => {
        const sigma = new Float64Array(g.length).fill(3);
        new SigmaStepper(rule, g.length).step(sigma, Float64Array.from(g), 0.1, 0.01, 100);
        g.forEach((gi, i) => expect(sigma[i]).toBeCloseTo(3 + (0.1 * gi) / (Math.abs(gi) + 1e-8), 12));
      }),
    );
  });

  it('adam: a gradient that keeps its sign moves sigma by alpha per step; pure noise (alternating signs) moves it far less', () => {
    const sigma = Float64Array.of(3, 3);
    const stepper = new SigmaStepper('adam', 2);
    for (let e = 0; e < 20; e++) stepper.step(sigma, Float64Array.of(2, e % 2 === 0 ? 50 : -50), 0.1, 0.01, 100);
    expect(sigma[0]).toBeCloseTo(5, 6);
    expect(Math.abs(sigma[1]! - 3)).toBeLessThan(0.3);
  });

  it.each(RULES)('%s keeps sigma in its clip range, skips frozen memories and rejects non-finite gradients before changing anything', (rule) => {
    fc.assert(
      fc.property(gradients, (g) => {
        const sigma = new Float64Array(g.length).fill(1);
        const frozen = Uint8Array.from(g, (_, i) => (i === 0 ? 1 : 0));
        new SigmaStepper(rule, g.length).step(sigma, Float64Array.from(g), 0.5, 0.01, 2, frozen);
        return sigma[0] === 1 && sigma.every((s) => s >= 0.01 && s <= 2);
      }),
    );
    for (const bad of [Infinity, -Infinity, Number.NaN]) {
      const sigma = Float64Array.of(1, 1);
      expect(() => new SigmaStepper(rule, 2).step(sigma, Float64Array.of(0.5, bad), 0.1, 0.01, 100)).toThrow(/memory 1 is not finite/);
      expect(Array.from(sigma)).toEqual([1, 1]);
    }
  });

  it.each(['rmsprop', 'adam'] as const)('%s: pinned edge cases (zero gradient, 1e300, sigma at its bounds)', (rule) => {
    const sigma = Float64Array.of(2, 2, 0.01, 100);
    new SigmaStepper(rule, 4).step(sigma, Float64Array.of(0, 1e300, -1, 1), 0.1, 0.01, 100);
    expect(Array.from(sigma)).toEqual([2, 2.1, 0.01, 100]);
  });

  it.each(['rmsprop', 'adam'] as const)('%s: saved and restored state continues with the same bits', (rule) => {
    fc.assert(
      fc.property(fc.array(gradients, { minLength: 2, maxLength: 6 }), fc.nat(), (steps, cut) => {
        const n = steps[0]!.length;
        const grad = (g: number[]) => Float64Array.from({ length: n }, (_, i) => g[i] ?? 0);
        const whole = new Float64Array(n).fill(3);
        const a = new SigmaStepper(rule, n);
        for (const g of steps) a.step(whole, grad(g), 0.1, 0.01, 100);
        const k = cut % steps.length;
        const part = new Float64Array(n).fill(3);
        const b = new SigmaStepper(rule, n);
        for (const g of steps.slice(0, k)) b.step(part, grad(g), 0.1, 0.01, 100);
        const c = new SigmaStepper(rule, n);
        c.restoreState(JSON.parse(JSON.stringify(b.saveState())));
        for (const g of steps.slice(k)) c.step(part, grad(g), 0.1, 0.01, 100);
        expect(Array.from(part)).toEqual(Array.from(whole));
      }),
    );
  });

  it('names a bad rule and refuses a state of another size', () => {
    expect(() => new SigmaStepper('sgd' as SigmaStepRuleId, 2)).toThrow(/sigma step rule must be one of constant, rmsprop, adam, got sgd/);
    expect(() => new SigmaStepper('adam', 2).restoreState({ steps: 1, first: [0], second: [0] })).toThrow(/has 1 \+ 1 moments, the 'adam' rule 2 \+ 2/);
  });
});

describe('decayedStep', () => {
  it('is alpha (1 + e / tau)^-power (closed form), alpha without a decay', () => {
    expect(decayedStep(0.1, null, 500)).toBe(0.1);
    expect(decayedStep(0.1, { tau: 1000, power: 1 }, 0)).toBe(0.1);
    expect(decayedStep(0.1, { tau: 1000, power: 1 }, 1000)).toBeCloseTo(0.05, 14);
    expect(decayedStep(0.1, { tau: 100, power: 0.6 }, 700)).toBeCloseTo(0.1 * 8 ** -0.6, 14);
  });
});
