import type { RunSettings } from '@dra/agent';
import { SIGMA_STEP_RULE_IDS } from '@dra/core';
import { ESTIMATOR_IDS, OBJECTIVE_IDS } from '@dra/objectives';
import { z } from 'zod';

/**
 * Types of the training settings a config file may set (ranges are checked afterwards by
 * `validateRunSettings`, so that files and flags get the same rules and messages).
 */
export const SETTING_TYPES = {
  objective: z.enum(OBJECTIVE_IDS),
  estimator: z.enum(ESTIMATOR_IDS),
  tRef: z.union([z.number(), z.literal('realised'), z.null()]),
  exactGradient: z.boolean(),
  episodes: z.number().int(),
  seed: z.number().int(),
  lambda: z.number(),
  beta: z.number(),
  betaSchedule: z.union([z.null(), z.strictObject({ growth: z.number(), every: z.number(), max: z.number() })]),
  sigma0: z.number(),
  sigmaBase: z.number(),
  sigmaMin: z.number(),
  sigmaMax: z.number(),
  qInit: z.union([z.number(), z.tuple([z.number(), z.number()])]),
  gamma: z.number(),
  alphaQ: z.number(),
  alphaSigma: z.number(),
  sigmaStep: z.enum(SIGMA_STEP_RULE_IDS),
  alphaSigmaDecay: z.union([z.null(), z.strictObject({ tau: z.number(), power: z.number() })]),
  nTraj: z.number().int(),
  evalEvery: z.number().int(),
  evalRollouts: z.number().int(),
  knownFinalMoves: z.boolean(),
  knownSigma: z.number(),
} satisfies { [K in Exclude<keyof RunSettings, 'env' | 'envOptions'>]: z.ZodType };

export type SettingName = keyof typeof SETTING_TYPES;
export const SETTING_NAMES = Object.keys(SETTING_TYPES) as SettingName[];

/** Environment options: checked against the plugin's own option specs later. */
export const ENV_OPTIONS_TYPE = z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]));

/** A run config file: any settings, the environment and its options; misspelt keys are errors. */
export const RUN_CONFIG_SCHEMA = z.strictObject({
  env: z.string().optional(),
  envOptions: ENV_OPTIONS_TYPE.optional(),
  ...Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTING_TYPES[name].optional()])),
}) as unknown as z.ZodType<RunConfig>;

export type RunConfig = Partial<Omit<RunSettings, 'envOptions'>> & { envOptions?: RunSettings['envOptions'] };
