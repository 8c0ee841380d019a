import type { EnvironmentDescription } from '@dra/environments';
import type { Command } from 'commander';
import { addPluginFlag } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { flagName } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';

export function registerEnvsCommand(program: Command, toolkit: Toolkit): void {
  const command = program
    .command('envs')
    .description('list the registered environments: shape, tabular model, horizon, options and paper settings')
    .option('--json', 'print one JSON object per environment, one per line');
  addPluginFlag(command);
  command.action((flags: { json?: boolean }) => envsCommand(Boolean(flags.json), toolkit));
}

function envsCommand(json: boolean, toolkit: Toolkit): void {
  const registry = toolkit.environments;
  const lines: string[] = [];
  for (const id of registry.ids()) {
    const description = registry.describe(id);
    const paperSettings = registry.get(id).paperSettings ?? null;
    if (json) lines.push(toJson({ ...description, paperSettings }));
    else lines.push(...humanLines(description, paperSettings));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function humanLines(d: EnvironmentDescription, paperSettings: Readonly<Record<string, unknown>> | null): string[] {
  const lines = [
    `${d.id}: ${d.description}`,
    `  ${d.stateCount} states (${d.statesWithoutActions} without actions), ${d.actionsPerState.join(' or ')} actions per state, ` +
      `tabular model: ${d.tabularModel ? 'yes' : 'no'}, horizon: ${d.horizon ?? 'none'}`,
  ];
  for (const [name, spec] of Object.entries(d.options)) {
    lines.push(`  ${flagName(name)} <${spec.type}>  ${spec.description} (default ${spec.default === null ? 'none' : String(spec.default)})`);
  }
  const preset = Object.entries(paperSettings ?? {}).map(([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  lines.push(`  paper settings: ${preset.length > 0 ? preset.join(', ') : "none (the agent's defaults)"}`);
  return lines;
}
