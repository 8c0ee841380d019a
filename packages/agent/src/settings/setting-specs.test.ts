import type { TrainingPreset } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defaultSettings, type RunSettings } from '../run-settings.js';
import type { TrainingLoopSettings } from '../train.js';
import { checkSettings, problemMessage } from './check-settings.js';
import { describeRule } from './setting-spec.js';
import { baseSettings, DRA_ONLY_ESTIMATORS, SETTING_NAMES, SETTING_SPECS } from './setting-specs.js';
import { describeType, isValid, matchesType, type SettingType } from './setting-types.js';
import { validateRunSettings } from './validate-run-settings.js';

/** Every key of `TrainingPreset`, listed so that the compiler checks the list is whole. */
const PRESET_KEYS: Record<keyof TrainingPreset, true> = {
  estimator: true, episodes: true, lambda: true, beta: true, betaSchedule: true, sigma0: true, sigmaBase: true, sigmaMin: true, sigmaMax: true,
  qInit: true, gamma: true, alphaQ: true, alphaSigma: true, nTraj: true, evalEvery: true, evalRollouts: true, knownFinalMoves: true, knownSigma: true,
};

describe('the settings table', () => {
  it('declares every run setting but the environment, in the order of config.json', () => {
    const keys = Object.keys(defaultSettings('maze')).filter((k) => k !== 'env' && k !== 'envOptions');
    expect(keys).toEqual(SETTING_NAMES);
    expectTypeOf<Exclude<keyof RunSettings, 'env' | 'envOptions'>>().toEqualTypeOf<(typeof SETTING_NAMES)[number]>();
    expectTypeOf<RunSettings>().toMatchTypeOf<TrainingLoopSettings>();
    expectTypeOf<RunSettings['objective']>().toEqualTypeOf<'dra' | 'eq8' | 'eq10' | (string & {})>(); // a built-in id, or a registered objective plugin's
    expectTypeOf<RunSettings['tRef']>().toEqualTypeOf<number | 'realised' | null>();
    expectTypeOf<RunSettings['qInit']>().toEqualTypeOf<number | [number, number]>();
    expectTypeOf<RunSettings['alphaSigmaDecay']>().toEqualTypeOf<{ tau: number; power: number } | null>();
  });

  it('marks exactly the settings of TrainingPreset as settings a paper preset may give', () => {
    const presettable = SETTING_NAMES.filter((name) => (SETTING_SPECS[name] as { preset?: boolean }).preset === true);
    expect(presettable.sort()).toEqual(Object.keys(PRESET_KEYS).sort());
  });

  it("gives every setting a default that passes its own check, and every environment's paper settings pass validation", () => {
    const base = baseSettings() as unknown as Record<string, unknown>;
    for (const name of SETTING_NAMES) expect(isValid(SETTING_SPECS[name].type, base[name], base), name).toBe(true);
    expect(checkSettings(SETTING_SPECS, base)).toEqual([]);
    const registry = createBuiltInRegistry();
    for (const env of registry.ids()) expect(validateRunSettings(defaultSettings(env, registry), registry)).toEqual([]);
  });

  it('words each expected value as the messages always have', () => {
    const expected = Object.fromEntries(SETTING_NAMES.map((name) => [name, describeType(SETTING_SPECS[name].type)]));
    expect(expected).toMatchObject({
      objective: 'one of dra, eq8, eq10',
      tRef: "a finite number > 0, 'realised', or null for the task horizon",
      episodes: 'a whole number >= 1',
      seed: 'a whole number >= 0',
      lambda: 'a finite number >= 0',
      beta: 'a finite number > 0',
      betaSchedule: 'null or { growth > 0, every > 0, max > 0 }',
      sigmaMax: 'a finite number >= sigmaMin',
      qInit: 'a finite number or [low, high] with low <= high',
      gamma: 'a number in [0, 1]',
      alphaQ: 'a number in (0, 1]',
      sigmaStep: 'one of constant, rmsprop, adam',
      alphaSigmaDecay: 'null or { tau > 0, power in (0, 1] }',
      knownFinalMoves: 'true or false',
    });
    expect(describeRule(DRA_ONLY_ESTIMATORS)).toBe(
      "an unbiased estimator (causal, full, state-baseline, noise-baseline, all-actions, critic, q-critic) for eq8 and eq10; 'A', 'Q', 'R' are DRA's",
    );
  });

  it('reports one message per bad setting, "<name> must be <expected>, got <value>", relations and rules once each is valid alone', () => {
    const bad = { ...defaultSettings('maze'), sigma0: 500, sigmaMin: 5, sigmaMax: 1, objective: 'eq8' as const, estimator: 'Q' as const, alphaQ: 2 };
    const messages = validateRunSettings(bad).map((p) => problemMessage(p));
    expect(messages).toEqual([
      'sigmaMax must be a finite number >= sigmaMin, got 1',
      'alphaQ must be a number in (0, 1], got 2',
      "estimator must be an unbiased estimator (causal, full, state-baseline, noise-baseline, all-actions, critic, q-critic) for eq8 and eq10; 'A', 'Q', 'R' are DRA's, got \"Q\"",
      'sigma0 must be within [sigmaMin, sigmaMax], got 500',
    ]);
    expect(validateRunSettings(bad).find((p) => p.field === 'sigmaMax')?.mentions).toEqual(['sigmaMin']);
  });

  it('accepts a value only if it has the shape of its type (the config schema checks the shape, validation the range too)', () => {
    const anyValue = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('realised', 'dra', 'eq10', 'A', 'critic', 'adam', 'none'),
      fc.tuple(fc.double(), fc.double()),
      fc.record({ tau: fc.double(), power: fc.double() }),
      fc.record({ growth: fc.double(), every: fc.double(), max: fc.double() }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SETTING_NAMES), anyValue, (name, value) => {
        const type: SettingType = SETTING_SPECS[name].type;
        const settings = { ...baseSettings(), [name]: value } as unknown as Record<string, unknown>;
        if (isValid(type, value, settings)) expect(matchesType(type, value)).toBe(true);
      }),
    );
  });
});
