import { DRA_ONLY_ESTIMATORS, SETTING_NAMES, withoutNulls, type RunSettings } from '@dra/agent';
import { compareObjectives, comparedPairs, type ObjectiveComparison } from '@dra/experiments';
import type { EnvironmentRegistry } from '@dra/environments';
import { ESTIMATOR_IDS, OBJECTIVE_IDS, type EstimatorId, type ObjectiveId } from '@dra/objectives';
import type { Command } from 'commander';
import { comparisonFigure } from '../figures/comparison-figure.js';
import { figureFiles } from '../figures/render-figure.js';
import { addEnvironmentOptionFlags, checkEnvironmentId, environmentOptionsFromFlags } from '../environment-flags.js';
import { nonFiniteAsNull, toCsv, toJson } from '../json-output.js';
import { distinctList, pathValue, wholeNumberList } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { UsageError } from '../usage-error.js';
import { resolveRunSettings, type RunFlags } from '../config/resolve-run-settings.js';
import { addSettingFlags } from '../setting-flags.js';

interface CompareFlags extends RunFlags {
  objectives: ObjectiveId[];
  estimators?: EstimatorId[];
  seeds: number[];
}

/** The estimators `dra compare` trains every objective with when none is named: the unbiased critic one. */
const DEFAULT_COMPARE_ESTIMATORS: EstimatorId[] = ['critic'];

export function registerCompareCommand(program: Command, toolkit: Toolkit): void {
  const registry = toolkit.environments;
  const command = program
    .command('compare')
    .description('train dra, eq8 and eq10 (with one or more estimators) side by side on the same task and seeds; report their value components, the exact value of each final memory, and where each put its precision')
    .option('--env <id>', `environment: ${registry.ids().join(', ')}`, 'maze');
  addEnvironmentOptionFlags(command, registry);
  command.option('--objectives <list>', 'objectives to compare', distinctList(OBJECTIVE_IDS, 'objective'), [...OBJECTIVE_IDS]);
  const paper = DRA_ONLY_ESTIMATORS.values.join(', ');
  command.option('--estimators <list>', `sigma-gradient estimators to train every objective with, side by side (${paper}: DRA only; default ${DEFAULT_COMPARE_ESTIMATORS.join(',')})`, distinctList(ESTIMATOR_IDS, 'estimator'));
  command.option('--seeds <list>', 'seeds, each trained with every objective', wholeNumberList, [1, 2, 3]);
  addSettingFlags(
    command,
    SETTING_NAMES.filter((name) => name !== 'objective' && name !== 'seed'),
    {
      estimator: { note: `compare: one estimator for every objective it applies to; ${paper} go to DRA and the other objectives take their default` },
      tRef: { note: "compare: without a fixed horizon, realised" },
      sigmaStep: { note: "compare: one rule for every run (default: each estimator's own)" },
    },
  );
  command
    .option('--out <dir>', 'write compare.json, outcomes.csv, states.csv and the figure (figure.svg, with its vega-lite spec and data) into a new directory', pathValue)
    .option('--force', 'replace an existing --out directory')
    .option('--json', 'print one JSON object on stdout')
    .action((flags: CompareFlags) => compareCommand(flags, registry));
}

async function compareCommand(flags: CompareFlags, registry: EnvironmentRegistry): Promise<void> {
  if (flags.seeds.some((s) => s < 0)) throw new UsageError(`--seeds must be whole numbers >= 0, got ${flags.seeds.join(',')}`);
  if (new Set(flags.seeds).size !== flags.seeds.length) throw new UsageError(`--seeds must differ, got ${flags.seeds.join(',')}`);
  if (flags.estimator !== undefined && flags.estimators !== undefined) throw new UsageError(`--estimator and --estimators name the same thing; give one (got ${flags.estimator} and ${flags.estimators.join(',')})`);
  // One --estimator keeps its old meaning: every objective takes it, or (a paper estimator) DRA takes it and the others their default.
  const estimators = flags.estimators ?? (flags.estimator !== undefined ? undefined : DEFAULT_COMPARE_ESTIMATORS);
  // A task without a fixed horizon has no natural T_ref: Eq. 10 then takes each episode's own length.
  const tRef = flags.tRef ?? (hasFixedHorizon(flags, registry) ? undefined : 'realised');
  // Validate the settings as each pair will use them (e.g. eq10 needs --t-ref on a task without a horizon).
  const pairs = comparedPairs(flags.objectives, estimators, flags.estimator ?? DEFAULT_COMPARE_ESTIMATORS[0]!);
  if (pairs.length === 0) throw new UsageError(`--estimators ${estimators!.join(',')} apply to DRA only (${DRA_ONLY_ESTIMATORS.values.join(', ')}); add an unbiased estimator or --objectives dra`);
  const resolved = pairs.map(({ objective, estimator }) => resolveRunSettings({ ...flags, objective, estimator, tRef }, registry));
  const settings: RunSettings = resolved[0]!;
  if (flags.out !== undefined) checkRunDirectory(flags.out, Boolean(flags.force));
  const comparison = compareObjectives({
    settings,
    objectives: flags.objectives,
    ...(estimators === undefined ? {} : { estimators }),
    ...(flags.sigmaStep === undefined ? {} : { sigmaStep: flags.sigmaStep }),
    seeds: flags.seeds,
    registry,
    onRun: ({ objective, estimator, seed }, index, total) => process.stderr.write(`[${index + 1}/${total}] ${objective} with ${estimator}, seed ${seed}\n`),
  });
  const result = nonFiniteAsNull(summaryOf(comparison, settings));
  if (flags.out !== undefined) {
    writeRunDirectory(
      flags.out,
      {
        'compare.json': `${toJson({ ...result, memories: comparison.runs.map((r) => ({ objective: r.settings.objective, estimator: r.settings.estimator, seed: r.settings.seed, memory: r.memory })) }, 2)}\n`,
        'outcomes.csv': toCsv(
          ['objective', 'estimator', 'sigmaStep', 'objective_value', 'objective_se', 'exact_objective', 'exact_objective_se', 'exact_return', 'exact_memoryCost', 'exact_actionEntropy', 'return', 'return_se', 'memoryCost', 'memoryCost_se', 'actionEntropy', 'globalCost', 'perVisitCost'],
          comparison.outcomes.map((o) => [
            o.objective, o.estimator, o.sigmaStep, o.final.objective, finite(o.finalStandardError.objective),
            o.exactFinal?.objective ?? null, finite(o.exactFinalStandardError?.objective ?? NaN), o.exactFinal?.return ?? null, o.exactFinal?.memoryCost ?? null, o.exactFinal?.actionEntropy ?? null,
            o.final.return, finite(o.finalStandardError.return), o.final.memoryCost, finite(o.finalStandardError.memoryCost), o.final.actionEntropy, o.globalCost, o.perVisitCost,
          ]),
        ),
        'states.csv': toCsv(
          ['objective', 'estimator', 'state', 'visits', 'sigma', 'kl', 'choiceEntropy', 'dPrime'],
          comparison.outcomes.flatMap((o) => o.states.map((s) => [o.objective, o.estimator, s.state, s.visits, finite(s.sigma), s.kl, s.choiceEntropy, s.dPrime])),
        ),
        ...(await figureFiles(comparisonFigure('figure', comparison), false)),
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

/** True when the task the flags name has a fixed horizon (and when its options are bad: the settings check reports them). */
function hasFixedHorizon(flags: CompareFlags, registry: EnvironmentRegistry): boolean {
  const env = flags.env ?? 'maze';
  checkEnvironmentId(registry, env);
  try {
    return Number.isFinite(registry.create(env, withoutNulls(environmentOptionsFromFlags(registry, env, flags))).horizon);
  } catch {
    return true;
  }
}

function summaryOf(comparison: ObjectiveComparison, settings: RunSettings): Record<string, unknown> {
  return {
    env: comparison.env,
    seeds: comparison.seeds,
    settings: { ...settings, objective: undefined, estimator: undefined, sigmaStep: undefined, seed: undefined },
    outcomes: comparison.outcomes,
    runs: comparison.runs.map((r) => ({
      objective: r.settings.objective,
      estimator: r.settings.estimator,
      sigmaStep: r.settings.sigmaStep,
      seed: r.settings.seed,
      final: r.final,
      exactFinal: r.exactFinal ?? null,
      steps: r.steps.total,
    })),
  };
}

function humanTable(comparison: ObjectiveComparison, out: string | undefined): string {
  const n = comparison.seeds.length;
  const pm = (v: number, se: number) => `${v.toFixed(3)}${Number.isFinite(se) ? ` +- ${se.toFixed(3)}` : ''}`;
  const label = (o: ObjectiveComparison['outcomes'][number]) => `${o.objective}/${o.estimator}`;
  const rows = [
    ['run (objective/estimator)', 'step', 'exact value', 'value (rollouts)', 'return', 'memory cost (own)', 'global cost', 'per-visit cost'],
    ...comparison.outcomes.map((o) => [
      label(o),
      o.sigmaStep,
      o.exactFinal ? pm(o.exactFinal.objective, o.exactFinalStandardError!.objective) : 'n/a',
      pm(o.final.objective, o.finalStandardError.objective),
      pm(o.final.return, o.finalStandardError.return),
      pm(o.final.memoryCost, o.finalStandardError.memoryCost),
      o.globalCost.toFixed(3),
      o.perVisitCost.toFixed(3),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = [
    `${comparison.env}: ${comparison.outcomes.map(label).join(', ')} over ${n} seed${n === 1 ? '' : 's'} (${comparison.seeds.join(', ')}); mean +- s.e. over seeds.`,
    "exact value: each run's own objective evaluated exactly at its final memory (tabular tasks); value: mean of the last three evaluations by rollouts;",
    'costs of the final memory: lambda KL_all (global) and lambda sum_s visits(s) KL(s) (per visit).',
    ...rows.map((r) => `  ${r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`),
    'where the precision went, by visit group (mean sigma; global cost lambda sum KL / per-visit cost lambda sum visits KL):',
  ];
  for (const g of ['never', 'rare', 'often'] as const) {
    const count = comparison.outcomes[0]?.groups[g].states ?? 0;
    const cells = comparison.outcomes.map((o) => `${label(o)} ${Number.isFinite(o.groups[g].sigma) ? o.groups[g].sigma.toFixed(2) : '-'} (${o.groups[g].globalCost.toFixed(2)} / ${o.groups[g].perVisitCost.toFixed(2)})`);
    lines.push(`  ${`${g} visited`.padEnd(13)} ${String(count).padStart(3)} states: ${cells.join('; ')}`);
  }
  if (out !== undefined) lines.push(`comparison directory: ${out} (figure.svg, states.csv, outcomes.csv, compare.json)`);
  return `${lines.join('\n')}\n`;
}
