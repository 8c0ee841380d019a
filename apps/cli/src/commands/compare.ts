import { compareObjectives, type ObjectiveComparison, type RunSettings } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import { ESTIMATOR_IDS, OBJECTIVE_IDS, type ObjectiveId } from '@dra/objectives';
import { InvalidArgumentError, type Command } from 'commander';
import { comparisonFigure } from '../compare-figure.js';
import { addEnvironmentOptionFlags } from '../environment-flags.js';
import { nonFiniteAsNull, toCsv, toJson } from '../json-output.js';
import { wholeNumberList } from '../parse-flag.js';
import { createCliRegistry } from '../registry.js';
import { checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { UsageError } from '../usage-error.js';
import { resolveRunSettings, SETTING_FLAGS, type RunFlags } from './run.js';

interface CompareFlags extends RunFlags {
  objectives: ObjectiveId[];
  seeds: number[];
}

function objectiveList(value: string): ObjectiveId[] {
  const ids = value.split(',').map((v) => v.trim());
  const bad = ids.find((id) => !(OBJECTIVE_IDS as readonly string[]).includes(id));
  if (bad !== undefined) throw new InvalidArgumentError(`expected a comma-separated list of ${OBJECTIVE_IDS.join(', ')}, got '${bad}'.`);
  if (new Set(ids).size !== ids.length) throw new InvalidArgumentError(`expected each objective once, got '${value}'.`);
  return ids as ObjectiveId[];
}

export function registerCompareCommand(program: Command): void {
  const registry = createCliRegistry();
  const command = program
    .command('compare')
    .description('train dra, eq8 and eq10 side by side on the same task and seeds; report their value components and where each put its precision')
    .option('--env <id>', `environment: ${registry.ids().join(', ')}`, 'maze');
  addEnvironmentOptionFlags(command, registry);
  command.option('--objectives <list>', 'objectives to compare', objectiveList, [...OBJECTIVE_IDS]);
  command.option('--seeds <list>', 'seeds, each trained with every objective', wholeNumberList, [1, 2, 3]);
  for (const [field, flag, parse, help] of SETTING_FLAGS) {
    if (field === 'objective' || field === 'seed') continue;
    if (field === 'estimator') command.option(flag, `sigma-gradient estimator for every objective: ${ESTIMATOR_IDS.join(', ')} (A, Q, R: DRA only)`, parse, 'causal');
    else command.option(flag, help, parse);
  }
  command
    .option('--exact-gradient', 'step sigma along the exact gradient (tabular tasks) instead of N_traj rollouts')
    .option('--out <dir>', 'write compare.json, outcomes.csv, states.csv and figure.svg into a new directory')
    .option('--force', 'replace an existing --out directory')
    .option('--json', 'print one JSON object on stdout')
    .action((flags: CompareFlags) => compareCommand(flags, registry));
}

function compareCommand(flags: CompareFlags, registry: EnvironmentRegistry): void {
  if (flags.seeds.some((s) => s < 0)) throw new UsageError(`--seeds must be whole numbers >= 0, got ${flags.seeds.join(',')}`);
  if (new Set(flags.seeds).size !== flags.seeds.length) throw new UsageError(`--seeds must differ, got ${flags.seeds.join(',')}`);
  // Validate the settings as each objective will use them (e.g. eq10 needs --t-ref on a task without a horizon).
  const resolved = flags.objectives.map((objective) => resolveRunSettings({ ...flags, objective }, registry));
  const settings: RunSettings = resolved[0]!;
  if (flags.out !== undefined) checkRunDirectory(flags.out, Boolean(flags.force));
  const comparison = compareObjectives({
    settings,
    objectives: flags.objectives,
    seeds: flags.seeds,
    registry,
    onRun: (objective, seed, index, total) => process.stderr.write(`[${index + 1}/${total}] ${objective}, seed ${seed}\n`),
  });
  const result = nonFiniteAsNull(summaryOf(comparison, settings));
  if (flags.out !== undefined) {
    writeRunDirectory(
      flags.out,
      {
        'compare.json': `${toJson({ ...result, memories: comparison.runs.map((r) => ({ objective: r.settings.objective, seed: r.settings.seed, memory: r.memory })) }, 2)}\n`,
        'outcomes.csv': toCsv(
          ['objective', 'objective_value', 'objective_se', 'return', 'return_se', 'memoryCost', 'memoryCost_se', 'actionEntropy', 'globalCost', 'perVisitCost'],
          comparison.outcomes.map((o) => [o.objective, o.final.objective, finite(o.finalStandardError.objective), o.final.return, finite(o.finalStandardError.return), o.final.memoryCost, finite(o.finalStandardError.memoryCost), o.final.actionEntropy, o.globalCost, o.perVisitCost]),
        ),
        'states.csv': toCsv(
          ['objective', 'state', 'visits', 'sigma', 'kl', 'choiceEntropy', 'dPrime'],
          comparison.outcomes.flatMap((o) => o.states.map((s) => [o.objective, s.state, s.visits, finite(s.sigma), s.kl, s.choiceEntropy, s.dPrime])),
        ),
        'figure.svg': comparisonFigure(comparison),
      },
      Boolean(flags.force),
    );
  }
  const table = humanTable(comparison, flags.out);
  if (flags.json) {
    process.stdout.write(`${toJson(result)}\n`);
    process.stderr.write(table);
  } else {
    process.stdout.write(table);
  }
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

function summaryOf(comparison: ObjectiveComparison, settings: RunSettings): Record<string, unknown> {
  return {
    env: comparison.env,
    seeds: comparison.seeds,
    settings: { ...settings, objective: undefined, seed: undefined },
    outcomes: comparison.outcomes,
    runs: comparison.runs.map((r) => ({ objective: r.settings.objective, seed: r.settings.seed, estimator: r.settings.estimator, final: r.final, steps: r.steps.total })),
  };
}

function humanTable(comparison: ObjectiveComparison, out: string | undefined): string {
  const n = comparison.seeds.length;
  const pm = (v: number, se: number) => `${v.toFixed(3)}${Number.isFinite(se) ? ` +- ${se.toFixed(3)}` : ''}`;
  const lines = [
    `${comparison.env}: ${comparison.outcomes.map((o) => o.objective).join(', ')} over ${n} seed${n === 1 ? '' : 's'} (${comparison.seeds.join(', ')}); ` +
      'values: mean of the last three evaluations, each objective its own; costs of the final memory: lambda KL_all and lambda sum_s visits(s) KL(s); mean +- s.e. over seeds',
    '  objective  value              return             memory cost (own)  | final memory: global cost  per-visit cost',
  ];
  for (const o of comparison.outcomes) {
    lines.push(
      `  ${o.objective.padEnd(9)}  ${pm(o.final.objective, o.finalStandardError.objective).padEnd(17)}  ${pm(o.final.return, o.finalStandardError.return).padEnd(17)}  ` +
        `${pm(o.final.memoryCost, o.finalStandardError.memoryCost).padEnd(17)}  | ${o.globalCost.toFixed(3).padStart(25)}  ${o.perVisitCost.toFixed(3).padStart(14)}`,
    );
  }
  lines.push('where the precision went, by visit group (mean sigma; global cost lambda sum KL / per-visit cost lambda sum visits KL):');
  for (const g of ['never', 'rare', 'often'] as const) {
    const count = comparison.outcomes[0]?.groups[g].states ?? 0;
    const cells = comparison.outcomes.map((o) => `${o.objective} ${Number.isFinite(o.groups[g].sigma) ? o.groups[g].sigma.toFixed(2) : '-'} (${o.groups[g].globalCost.toFixed(2)} / ${o.groups[g].perVisitCost.toFixed(2)})`);
    lines.push(`  ${`${g} visited`.padEnd(13)} ${String(count).padStart(3)} states: ${cells.join('; ')}`);
  }
  if (out !== undefined) lines.push(`comparison directory: ${out} (figure.svg, states.csv, outcomes.csv, compare.json)`);
  return `${lines.join('\n')}\n`;
}
