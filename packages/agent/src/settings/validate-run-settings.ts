import { EnvironmentFileError, type Environment, type EnvironmentOptionType } from '@dra/core';
import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { isBuiltInObjective, type ObjectivePlugin, type ObjectiveRegistry } from '@dra/objectives';
import type { EnvironmentOptionValue, RunSettings } from '../run-settings.js';
import { checkSettings, type SettingProblem } from './check-settings.js';
import { SETTING_SPECS } from './setting-specs.js';

/**
 * All problems with `settings` (empty when valid); each names the field and the value.
 * The environment and its options are checked against `registry`: unknown ids and option
 * names, option types, and the plugin's own checks (it is built once to find out). Every
 * other setting is checked against its spec in `SETTING_SPECS`, except that an objective
 * plugin of `objectives` (an id other than the built-in ones) takes the estimators it declares.
 */
export function validateRunSettings(settings: RunSettings, registry: EnvironmentRegistry = createBuiltInRegistry(), objectives?: ObjectiveRegistry): SettingProblem[] {
  const plugin = objectivePlugin(settings.objective, objectives);
  const problems = environmentProblems(settings, registry, plugin);
  const reported = new Set(problems.map((p) => p.field));
  if (plugin !== null) {
    reported.add('objective').add('estimator');
    if (!plugin.estimators.includes(settings.estimator)) problems.push({ field: 'estimator', value: settings.estimator, expected: `one of the estimators ${plugin.id} takes: ${plugin.estimators.join(', ')}` });
  }
  problems.push(...checkSettings(SETTING_SPECS, settings, reported));
  if (problems.length === 0) problems.push(...overflowProblems(settings));
  return problems;
}

/** The plugin of a registered objective other than the built-in ones, else null. */
function objectivePlugin(id: string, objectives: ObjectiveRegistry | undefined): ObjectivePlugin | null {
  if (isBuiltInObjective(id) || objectives === undefined || !objectives.has(id)) return null;
  return objectives.get(id);
}

/** The environment id, its options, and the settings that need something of the environment it builds. */
function environmentProblems(settings: RunSettings, registry: EnvironmentRegistry, plugin: ObjectivePlugin | null): SettingProblem[] {
  if (!registry.ids().includes(settings.env)) return [{ field: 'env', value: settings.env, expected: `one of ${registry.ids().join(', ')}` }];
  const { problems, environment } = checkEnvironmentOptions(registry, settings.env, settings.envOptions);
  if (environment === undefined) return problems;
  const needsHorizon = (SETTING_SPECS.tRef.objectives as readonly string[]).includes(settings.objective) || plugin?.needsTRef === true;
  if (needsHorizon && settings.tRef === null && !Number.isFinite(environment.horizon)) {
    problems.push({ field: 'tRef', value: null, expected: `a number or 'realised' for ${settings.objective} on ${settings.env}, which has no fixed horizon (docs/math.md 3.5)` });
  }
  for (const field of ['exactGradient', 'knownFinalMoves'] as const) {
    if (settings[field] === true && environment.model === undefined) {
      problems.push({ field, value: true, expected: `false: environment ${settings.env} exposes no tabular model` });
    }
  }
  return problems;
}

/** Largest size a soft-max score or a cost term may reach before the arithmetic loses it (well inside the double range). */
const SAFE_MAGNITUDE = 1e150;

/**
 * Settings each valid alone whose sizes together overflow the arithmetic of training, named
 * before it starts: the memory cost and its gradient, lambda KL(sigma) and lambda KL'(sigma) at
 * the sigma bounds (docs/math.md 1), and the soft-max scores beta sigma zeta (|zeta| up to 10).
 */
function overflowProblems(s: RunSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const sigma of [s.sigmaMin, s.sigmaMax]) {
    const ratio = sigma / s.sigmaBase;
    const cost = s.lambda * (Math.abs(Math.log(ratio)) + 0.5 * ratio * ratio);
    const slope = s.lambda * (sigma / (s.sigmaBase * s.sigmaBase) + 1 / sigma);
    if (!(cost < SAFE_MAGNITUDE && slope < SAFE_MAGNITUDE)) {
      problems.push({
        field: 'lambda',
        value: s.lambda,
        expected: `small enough for the memory cost to stay finite: lambda ${s.lambda} with sigmaBase ${s.sigmaBase} makes lambda KL(sigma) or its gradient overflow at sigma = ${sigma}`,
      });
      break;
    }
  }
  if (!(s.beta * s.sigmaMax * 10 < SAFE_MAGNITUDE)) {
    problems.push({
      field: 'beta',
      value: s.beta,
      expected: `small enough for the soft-max scores to stay finite: beta ${s.beta} with sigmaMax ${s.sigmaMax} makes beta sigma zeta overflow`,
      mentions: ['sigmaMax'],
    });
  }
  return problems;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Problems with an environment's options; when there are none, the environment they build. */
function checkEnvironmentOptions(registry: EnvironmentRegistry, env: string, options: unknown): { problems: SettingProblem[]; environment?: Environment } {
  if (!isRecord(options)) return { problems: [{ field: 'envOptions', value: options, expected: 'an object of environment options' }] };
  const plugin = registry.get(env);
  const problems: SettingProblem[] = [];
  for (const [name, value] of Object.entries(options)) {
    const spec = plugin.options[name];
    const field = `envOptions.${name}`;
    if (!spec) {
      const known = Object.keys(plugin.options);
      problems.push({ field, value, expected: `an option of ${env} (its options: ${known.join(', ') || 'none'})` });
    } else if (!(value === null && spec.default === null) && !matchesOptionType(spec.type, value)) {
      problems.push({ field, value, expected: `${OPTION_TYPE_WORDS[spec.type]}${spec.default === null ? ', or null' : ''}` });
    }
  }
  if (problems.length > 0) return { problems };
  try {
    return { problems, environment: registry.create(env, withoutNulls(options as Record<string, EnvironmentOptionValue>)) };
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError) || error instanceof EnvironmentFileError) throw error;
    // Plugins name the option they reject ("depth must be ..., got 0"); attribute it when they do.
    const named = /^(\w+) must be (.*), got .*$/.exec(error.message);
    if (named && named[1]! in plugin.options) {
      problems.push({ field: `envOptions.${named[1]}`, value: (options as Record<string, unknown>)[named[1]!], expected: named[2]! });
    } else {
      problems.push({ field: 'envOptions', value: options, expected: `options environment ${env} accepts (${error.message})` });
    }
  }
  return { problems };
}

/** What a value of each option type must be, in the words of a refusal. */
const OPTION_TYPE_WORDS: Readonly<Record<EnvironmentOptionType, string>> = {
  integer: 'a whole number',
  number: 'a finite number',
  boolean: 'true or false',
  string: 'a string',
  path: 'a non-empty file path',
};

function matchesOptionType(type: EnvironmentOptionType, value: unknown): boolean {
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer') return Number.isSafeInteger(value);
  if (type === 'string') return typeof value === 'string';
  if (type === 'path') return typeof value === 'string' && value.length > 0;
  return typeof value === 'number' && Number.isFinite(value);
}

/** Options to pass to a plugin: null means "use the plugin's default". */
export function withoutNulls(options: Record<string, EnvironmentOptionValue>): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const [name, value] of Object.entries(options)) if (value !== null) out[name] = value;
  return out;
}
