import { EnvironmentFaultError, Rng, type Environment } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createMaze } from './maze.js';
import { DEFAULT_STEP_LIMIT, GuardedEnvironment } from './guarded-environment.js';

/** A one-state loop that never ends by itself; `fault` breaks step number `at`. */
function loop(fault?: { at: number; kind: 'throw' | 'nan' | 'state' }): Environment {
  let steps = 0;
  const env = {
    specificationVersion: 1 as const,
    id: 'loop',
    stateCount: 2,
    actionCounts: Int32Array.of(1, 1),
    horizon: Infinity,
    state: 0,
    terminated: false,
    truncated: false,
    reset: () => (env.state = 0),
    step: () => {
      steps++;
      if (fault && steps === fault.at) {
        if (fault.kind === 'throw') throw new Error('boom');
        if (fault.kind === 'nan') return Number.NaN;
        env.state = 7;
      }
      return -1;
    },
  };
  return env;
}

describe('GuardedEnvironment', () => {
  it('passes a well-behaved environment through unchanged: the same states, rewards and flags from the same draws', () => {
    const rng = [Rng.create(3), Rng.create(3)];
    const plain = createMaze();
    const guarded = new GuardedEnvironment(createMaze(), 'test');
    for (let episode = 0; episode < 5; episode++) {
      expect(guarded.reset(rng[1]!)).toBe(plain.reset(rng[0]!));
      while (!plain.terminated && !plain.truncated) {
        const action = rng[0]!.integer(4);
        rng[1]!.integer(4);
        expect(guarded.step(action, rng[1]!)).toBe(plain.step(action, rng[0]!));
        expect([guarded.state, guarded.terminated, guarded.truncated]).toEqual([plain.state, plain.terminated, plain.truncated]);
      }
    }
  });

  it('truncates an episode at the step limit (the horizon, else DEFAULT_STEP_LIMIT), and a new episode starts afresh', () => {
    const env = new GuardedEnvironment(loop(), 'test', 50);
    const rng = Rng.create(1);
    for (let episode = 0; episode < 2; episode++) {
      env.reset(rng);
      let steps = 0;
      while (!env.terminated && !env.truncated) {
        env.step(0, rng);
        steps++;
      }
      expect(steps).toBe(50);
    }
    expect(DEFAULT_STEP_LIMIT).toBe(100_000);
  });

  it.each([
    ['throw', /step\(\) does not throw; step 3 from state 0 with action 0 threw: boom/],
    ['nan', /rewards are finite numbers; step 3 from state 0 with action 0 returned reward NaN/],
    ['state', /states are whole numbers from 0 to stateCount - 1; step \(step 3, action 0\) gave state 7 of 2/],
  ] as const)('turns a fault (%s) into an EnvironmentFaultError naming the environment, its source, the rule, the state and the step', (kind, message) => {
    const env = new GuardedEnvironment(loop({ at: 3, kind }), "--plugin 'loop.mjs'");
    const rng = Rng.create(1);
    env.reset(rng);
    env.step(0, rng);
    env.step(0, rng);
    let caught: unknown;
    try {
      env.step(0, rng);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentFaultError);
    expect((caught as Error).message).toMatch(/^environment 'loop' \(--plugin 'loop.mjs'\) broke a rule while running: /);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('GuardedEnvironment.mapLayout', () => {
  it("passes the wrapped environment's map through, and has none when it has none", () => {
    const guarded = new GuardedEnvironment(createMaze(), 'test');
    expect(guarded.mapLayout?.(0)?.columns).toBe(9);
    expect(new GuardedEnvironment(loop(), 'test').mapLayout).toBeUndefined();
  });
});
