import { MemoryTable, Rng, type Environment, type Policy } from '@dra/core';
import { DraObjective, evaluateExactly, evaluateObjectiveExactly, type Objective } from '@dra/objectives';
import { HardThompson, SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { ChainEnvironment } from './chain-environment.test-support.js';
import { ScaledDraObjective } from './scaled-dra-objective.test-support.js';
import { train, type TrainResult } from './train.js';
import { trainingPath } from './training-path.js';

// A new objective (ScaledDraObjective) and a new environment (ChainEnvironment), each one
// test-support file that nothing else in the repository imports: training, exact evaluation and
// the WebAssembly-or-TypeScript choice come from what they declare.

const chain = (options: { declareKernelModel?: boolean } = {}) => new ChainEnvironment({ length: 5, maxSteps: 40, ...options });
const scaled = (scale: number, estimator: 'A' | 'Q' | 'R' = 'A') => new ScaledDraObjective({ scale, lambda: 0.1, sigmaBase: 5, estimator });

interface RunOptions {
  wasm?: boolean;
  alphaSigma?: number;
  alphaQ?: number;
  exactGradient?: boolean;
  policy?: Policy;
  memory?: MemoryTable;
}

function run(environment: Environment, objective: Objective, options: RunOptions = {}): TrainResult {
  const memory = options.memory ?? new MemoryTable(environment.actionCounts, { sigma: 2 });
  return train({
    environment, objective, memory,
    policy: options.policy ?? new SoftThompson({ beta: 2 }),
    rng: Rng.create(17),
    episodes: 30, gamma: 0.95, alphaQ: options.alphaQ ?? 0.2, alphaSigma: options.alphaSigma ?? 0.05, nTraj: 4, evalEvery: 5, evalRollouts: 8, sigmaMin: 0.01, sigmaMax: 100,
    wasm: options.wasm, exactGradient: options.exactGradient,
  });
}

/** Every number of a run as the hex of its IEEE-754 bits. */
function bits(r: TrainResult): string {
  const numbers = [...r.curve.flatMap((p) => [p.objective, p.return, p.memoryCost, p.actionEntropy]), ...r.memory.mean, ...r.memory.sigma];
  return Array.from(new BigUint64Array(Float64Array.from(numbers).buffer), (w) => w.toString(16)).join(' ') + JSON.stringify(r.steps);
}

describe('the training path is chosen from declarations, not classes', () => {
  it('the new environment and objective take the kernel where they declare it, with a reason either way', () => {
    const soft = new SoftThompson({ beta: 2 });
    const both = trainingPath(chain(), soft, scaled(2));
    expect([both.path, both.gradient]).toEqual(['kernel', 'kernel']);
    expect(both.gradientReason).toMatch(/objective scaled-dra declares the 'A' estimator/);
    const reinforce = trainingPath(chain(), soft, scaled(2, 'R'));
    expect([reinforce.path, reinforce.gradient]).toEqual(['kernel', 'kernel']);
    const silent = scaled(2, 'R');
    Object.defineProperty(silent, 'description', { value: { exact: null, kernel: null } });
    const undeclaredGradient = trainingPath(chain(), soft, silent);
    expect([undeclaredGradient.path, undeclaredGradient.gradient]).toEqual(['kernel', 'typescript']);
    expect(undeclaredGradient.gradientReason).toMatch(/objective scaled-dra declares no kernel path/);
    const undeclared = trainingPath(chain({ declareKernelModel: false }), soft, scaled(2));
    expect([undeclared.path, undeclared.gradient]).toEqual(['typescript', 'typescript']);
    expect(undeclared.reason).toMatch(/environment chain declares no kernelModel/);
    expect(trainingPath(chain(), new HardThompson(), scaled(2)).reason).toMatch(/policy hard-thompson declares no kernel twin/);
    expect(trainingPath(chain(), soft, scaled(2), { wasm: false }).reason).toMatch(/wasm: false/);
    expect(trainingPath(chain(), soft, scaled(2), { exactGradient: true }).gradient).toBe('exact');
  });

  it('a subclass that steps its own way loses the kernel (the declaring class withdraws it), and runs its own step', () => {
    class Sticky extends ChainEnvironment {
      override step(action: number, rng: Rng): number {
        return super.step(action, rng) - 1;
      }
    }
    const sticky = new Sticky({ length: 5, maxSteps: 40 });
    expect(trainingPath(sticky, new SoftThompson({ beta: 2 }), scaled(2)).path).toBe('typescript');
    const result = run(sticky, scaled(2));
    expect(result.kernel).toEqual({ episodes: 'typescript', gradient: 'typescript' });
    expect(bits(result)).not.toBe(bits(run(chain(), scaled(2)))); // its rewards are its own
  });

  it('train keeps the reason of the path it chose, the one trainingPath reports', () => {
    const result = run(chain(), scaled(2));
    expect(result.path).toEqual(trainingPath(chain(), new SoftThompson({ beta: 2 }), scaled(2)));
    expect(result.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
  });
});

describe('train runs the new objective on the new environment', () => {
  it.each(['A', 'Q', 'R'] as const)("estimator %s: the kernel path gives the TypeScript path's bits (oracle: the TypeScript path)", (estimator) => {
    const wasm = run(chain(), scaled(3, estimator));
    const typescript = run(chain(), scaled(3, estimator), { wasm: false });
    expect(wasm.kernel.episodes).toBe('wasm');
    expect(typescript.kernel).toEqual({ episodes: 'typescript', gradient: 'typescript' });
    expect(bits(wasm)).toBe(bits(typescript));
  });

  it('scale 2 with half the sigma step trains as DRA does, bit for bit, its curve twice DRA\'s (oracle: DRA; scaling by 2 is exact in binary floating point)', () => {
    const dra = run(chain(), new DraObjective({ lambda: 0.1, sigmaBase: 5, estimator: 'A' }), { alphaSigma: 0.05 });
    const doubled = run(chain(), scaled(2), { alphaSigma: 0.025 });
    expect(Array.from(doubled.memory.sigma)).toEqual(Array.from(dra.memory.sigma));
    expect(Array.from(doubled.memory.mean)).toEqual(Array.from(dra.memory.mean));
    expect(doubled.curve.map((p) => p.objective)).toEqual(dra.curve.map((p) => 2 * p.objective));
    expect(doubled.steps).toEqual(dra.steps);
  });
});

describe('the exact evaluator evaluates the new objective from its declared form', () => {
  const environment = chain();
  const memory = new MemoryTable(environment.actionCounts, { sigma: 1.5 });
  memory.mean.set(Array.from({ length: memory.size }, (_, i) => (i % 2 === 0 ? 1 : -1)));

  it('scale 2 is twice the exact DRA objective and gradient, bit for bit; scale 3 within 1e-12 (oracle: evaluateExactly of DRA)', () => {
    const dra = evaluateExactly(environment.model, memory, { objective: 'dra', beta: 2, lambda: 0.1, sigmaBase: 5 });
    const two = evaluateObjectiveExactly(environment.model, memory, scaled(2), 2);
    expect(two.objective).toBe(2 * dra.objective);
    expect(Array.from(two.gradient)).toEqual(Array.from(dra.gradient, (g) => 2 * g));
    const three = evaluateObjectiveExactly(environment.model, memory, scaled(3), 2);
    expect(Math.abs(three.objective - 3 * dra.objective)).toBeLessThan(1e-12 * Math.abs(3 * dra.objective));
    three.gradient.forEach((g, i) => expect(Math.abs(g - 3 * dra.gradient[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(g))));
  });

  it('exactGradient training with q held fixed ascends its exact value (oracle: the exact evaluator before and after)', () => {
    const start = new MemoryTable(environment.actionCounts, { sigma: 2 });
    start.mean.set(memory.mean);
    const values = [evaluateObjectiveExactly(environment.model, start, scaled(2), 2).objective];
    const trained = MemoryTable.fromRows(start.toRows());
    const result = run(chain(), scaled(2), { exactGradient: true, alphaQ: 0, alphaSigma: 0.02, memory: trained });
    expect(result.kernel.gradient).toBe('exact');
    expect(Array.from(result.memory.mean)).toEqual(Array.from(start.mean));
    values.push(evaluateObjectiveExactly(environment.model, result.memory, scaled(2), 2).objective);
    expect(values[1]).toBeGreaterThan(values[0]! + 1e-3);
  });
});
