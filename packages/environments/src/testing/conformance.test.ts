import { ENVIRONMENT_SPECIFICATION_VERSION, type Environment, type Rng } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createBuiltInRegistry } from '../built-in-plugins.js';
import { createMaze } from '../maze.js';
import { assertEnvironmentConformance, checkEnvironmentConformance } from './conformance.js';

let instances = 0;

/** A deliberately broken environment: each flag breaks one rule of the contract. */
let shared = 0;

class BrokenWalk implements Environment {
  readonly specificationVersion = ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id = 'broken-walk';
  readonly stateCount = 5;
  readonly actionCounts = new Int32Array(5).fill(2);
  readonly horizon = Infinity;
  readonly model = undefined;
  state = 0;
  terminated = false;
  truncated = false;
  private steps = 0;
  private readonly instance = instances++;
  constructor(private readonly bug: 'none' | 'nan-reward' | 'state-out-of-range' | 'both-flags' | 'accepts-bad-action' | 'nondeterministic' | 'shared-state' | 'endless') {}
  reset(): number {
    shared = 2;
    this.state = 2;
    this.steps = 0;
    this.terminated = false;
    this.truncated = false;
    return 2;
  }
  step(action: number, rng: Rng): number {
    if (this.terminated || this.truncated) throw new Error('ended');
    if (this.bug !== 'accepts-bad-action' && (action < 0 || action > 1)) throw new RangeError(`action ${action}`);
    this.steps++;
    this.state = Math.max(0, Math.min(4, this.state + (action === 1 ? 1 : -1)));
    // One simulator position shared by every instance (a module-level variable): each alone is deterministic, two in turn are not.
    if (this.bug === 'shared-state') this.state = shared = Math.max(0, Math.min(4, shared + (action === 1 ? 1 : -1)));
    if (this.bug === 'endless') {
      this.state = 2;
      rng.uniform();
      return -1;
    }
    if (this.bug === 'state-out-of-range' && this.steps === 3) this.state = 7;
    if (this.bug === 'nondeterministic' && this.instance % 2 === 1 && this.steps === 2) this.state = 0; // differs between instances
    this.terminated = this.state === 4 || this.state === 7;
    this.truncated = this.steps >= 20 && (this.bug === 'both-flags' || !this.terminated);
    if (this.bug === 'both-flags' && this.steps >= 20) this.terminated = true;
    rng.uniform();
    return this.bug === 'nan-reward' ? Number.NaN : -1;
  }
}

describe('environment conformance kit', () => {
  it('passes every built-in environment', () => {
    const registry = createBuiltInRegistry();
    for (const id of registry.ids()) assertEnvironmentConformance(() => registry.create(id));
    assertEnvironmentConformance(() => createMaze({ switchAt: 2 }));
    assertEnvironmentConformance(() => registry.create('huys', { depth: 1 }));
  });

  it('passes a correct fixture', () => {
    expect(checkEnvironmentConformance(() => new BrokenWalk('none'))).toEqual([]);
  });

  it.each([
    ['nan-reward', 'finite-rewards'],
    ['state-out-of-range', 'state-range'],
    ['both-flags', 'flags'],
    ['accepts-bad-action', 'invalid-action'],
    ['nondeterministic', 'determinism'],
    ['shared-state', 'independent-instances'],
    ['endless', 'episodes-end'],
  ] as const)('fails the fixture with bug %s, naming rule %s', (bug, rule) => {
    const failures = checkEnvironmentConformance(() => new BrokenWalk(bug));
    expect(failures.map((f) => f.rule)).toContain(rule);
    expect(() => assertEnvironmentConformance(() => new BrokenWalk(bug))).toThrow(`[${rule}]`);
  });

  it('reports a factory that throws', () => {
    expect(checkEnvironmentConformance(() => { throw new RangeError('depth must be >= 1'); })).toEqual([
      { rule: 'create', message: 'the factory threw: depth must be >= 1' },
    ]);
  });
});
