import { withoutNulls } from '@dra/agent';
import type { Environment, EnvironmentPlugin } from '@dra/core';
import { describeEnvironment, GYMNASIUM_TOY_TEXT_IDS, gymnasiumExportText, tabularModelFileOf, type GymnasiumToyTextId, type EnvironmentDescription, type EnvironmentRegistry } from '@dra/environments';
import type { Command } from 'commander';
import { addEnvironmentOptionFlags, checkEnvironmentId, environmentOptionsFromFlags } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { flagName } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { UsageError } from '../usage-error.js';

interface EnvsFlags {
  json?: boolean;
  export?: string;
  gymnasium?: string;
  [option: string]: unknown;
}

export function registerEnvsCommand(program: Command, toolkit: Toolkit): void {
  const registry = toolkit.environments;
  const command = program
    .command('envs')
    .description('list the registered environments (shape, tabular model, horizon, options, paper settings), or --export one as a model file')
    .option('--json', 'print one JSON object per environment, one per line')
    .option('--export <id>', 'print the tabular model of environment <id> (with its options as flags) in the model file format, for --env tabular --model FILE')
    .option('--gymnasium <id>', `print the model file examples/python/export_toy_text.py writes for Gymnasium's ${GYMNASIUM_TOY_TEXT_IDS.join(', ')} (the same bytes, without Python)`);
  addEnvironmentOptionFlags(command, registry);
  command.action((flags: EnvsFlags) => {
    if (flags.export !== undefined && flags.gymnasium !== undefined) throw new UsageError('--export and --gymnasium exclude each other: pick one');
    if (flags.gymnasium !== undefined) return gymnasiumCommand(flags.gymnasium);
    return flags.export === undefined ? envsCommand(Boolean(flags.json), registry, flags) : exportCommand(flags.export, registry, flags);
  });
}

/** The options that must be given (a file without a default): such an environment is described without being built. */
const requiredOptions = (plugin: EnvironmentPlugin<object>) => Object.entries(plugin.options).filter(([, spec]) => spec.type === 'path' && spec.default === null).map(([name]) => name);

function envsCommand(json: boolean, registry: EnvironmentRegistry, flags: EnvsFlags): void {
  const given = Object.keys(flags).filter((k) => k !== 'json' && k !== 'plugin' && flags[k] !== undefined);
  if (flags.gymnasium !== undefined) given.splice(given.indexOf('gymnasium'), 1);
  if (given.length > 0) throw new UsageError(`${flagName(given[0]!)} is an environment option: it applies with --export <id>`);
  const lines: string[] = [];
  for (const id of registry.ids()) {
    const plugin = registry.get(id);
    const needs = requiredOptions(plugin);
    const description = needs.length === 0 ? registry.describe(id) : null;
    const paperSettings = plugin.paperSettings ?? null;
    if (json) lines.push(toJson({ ...(description ?? { id, description: plugin.description, needs, options: plugin.options }), paperSettings }));
    else lines.push(...humanLines(plugin, description, needs, paperSettings));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function humanLines(plugin: EnvironmentPlugin<object>, d: EnvironmentDescription | null, needs: string[], paperSettings: Readonly<Record<string, unknown>> | null): string[] {
  const lines = [
    `${plugin.id}: ${plugin.description}`,
    d === null
      ? `  shape: from its file (${needs.map((n) => `${flagName(n)} FILE`).join(', ')})`
      : `  ${d.stateCount} states (${d.statesWithoutActions} without actions), ${d.actionsPerState.join(' or ')} actions per state, ` +
        `tabular model: ${d.tabularModel ? 'yes' : 'no'}, horizon: ${d.horizon ?? 'none'}`,
  ];
  for (const [name, spec] of Object.entries(plugin.options)) {
    lines.push(`  ${flagName(name)} <${spec.type}>  ${spec.description} (default ${spec.default === null ? 'none' : String(spec.default)})`);
  }
  const preset = Object.entries(paperSettings ?? {}).map(([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  lines.push(`  paper settings: ${preset.length > 0 ? preset.join(', ') : "none (the agent's defaults)"}`);
  return lines;
}

function gymnasiumCommand(id: string): void {
  if (!(GYMNASIUM_TOY_TEXT_IDS as readonly string[]).includes(id)) throw new UsageError(`--gymnasium: unknown id '${id}' (known: ${GYMNASIUM_TOY_TEXT_IDS.join(', ')})`);
  process.stdout.write(`${gymnasiumExportText(id as GymnasiumToyTextId)}`);
}

function exportCommand(id: string, registry: EnvironmentRegistry, flags: EnvsFlags): void {
  if (flags.json) throw new UsageError('--export prints its model file as JSON already; drop --json');
  checkEnvironmentId(registry, id);
  const environment = registry.create(id, withoutNulls(environmentOptionsFromFlags(registry, id, flags)));
  if (environment.model === undefined) throw new UsageError(`--export: environment ${id} has no tabular model to export (its states come from continuous dynamics)`);
  const first = environment.model;
  environment.setEpisode?.(Number.MAX_SAFE_INTEGER);
  if (environment.model !== first) throw new UsageError(`--export: environment ${id} with these options changes its model during training (a scheduled change); a model file holds one model: export it without the change`);
  const file = tabularModelFileOf(environment.model, { ...namesOf(environment), ...stepLimitOf(environment), description: describeEnvironment(registry.get(id), environment).description });
  process.stdout.write(`${JSON.stringify(file)}\n`);
}

/** The state and action names an environment gives, when they say more than the indices: one action list for all states when they agree, else one per state. */
function namesOf(environment: Environment): { stateNames?: string[]; actionNames?: string[] | string[][] } {
  const out: { stateNames?: string[]; actionNames?: string[] | string[][] } = {};
  const states = Array.from({ length: environment.stateCount }, (_, s) => environment.stateName?.(s) ?? String(s));
  if (states.some((name, s) => name !== String(s))) out.stateNames = states;
  const perState = states.map((_, s) => Array.from({ length: environment.actionCounts[s]! }, (_, a) => environment.actionName?.(s, a) ?? String(a)));
  if (!perState.some((names) => names.some((name, a) => name !== String(a)))) return out;
  const widest = perState.reduce((a, b) => (b.length > a.length ? b : a), []);
  const shared = perState.every((names) => names.every((name, a) => name === widest[a]));
  out.actionNames = shared ? widest : perState;
  return out;
}

const stepLimitOf = (environment: Environment): { stepLimit?: number } => {
  const limit = (environment as { stepLimit?: unknown }).stepLimit;
  return typeof limit === 'number' ? { stepLimit: limit } : {};
};
