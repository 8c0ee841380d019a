import { availableParallelism } from 'node:os';
import { assembleTreeSearchComparison, treeSearchReproduceJob, type ReproduceJob, fullBudgets, TIME_PRESSURE_CHECKS, TREE_SEARCH_CHECKS, mergeTimePressureComparisons, TIME_PRESSURE_DEFAULTS, TIME_PRESSURE_MODELS, TREE_SEARCH_DEFAULTS, treeSearchJobs, type TimePressureBase, type TimePressureComparison, type TimePressureModel, type TreeSearchSettings } from '@dra/experiments';
import { checkSettings, settingMessage, showPlain, type SettingCheck } from '@dra/agent';
import type { StepDecay } from '@dra/core';
import type { Command } from 'commander';
import { longestFirst, runJobs } from '../job-pool.js';
import { nonFiniteAsNull, toJson } from '../json-output.js';
import { finiteNumber, flagName, NONE, noneAsNull, oneOf, stepDecayValue, wholeNumber, wholeNumberList } from '../parse-flag.js';
import { expectedNaming } from '../setting-flags.js';
import { UsageError } from '../usage-error.js';

interface TimePressureFlags {
  model: TimePressureModel;
  depth: number;
  budgets?: number[];
  seeds: number[];
  lambda: number;
  threads: number;
  json?: boolean;
  // tree-search
  restarts?: number;
  evaluations?: number;
  trialsPerEvaluation?: number;
  freshTrials?: number;
  tolFun?: number;
  // gradient
  trials?: number;
  evalTrials?: number;
  beta?: number;
  sigma0?: number;
  nTraj?: number;
  baseline?: 'none' | 'leave-one-out';
  alphaSigma?: number;
  alphaSigmaDecay?: StepDecay | typeof NONE;
  flexibleFromEqual?: StepDecay | typeof NONE;
}

/** Flags that belong to one model only: [option name, model]. */
const MODEL_FLAGS: [keyof TimePressureFlags, string, TimePressureModel][] = [
  ['restarts', '--restarts', 'tree-search'],
  ['evaluations', '--evaluations', 'tree-search'],
  ['trialsPerEvaluation', '--trials-per-evaluation', 'tree-search'],
  ['freshTrials', '--fresh-trials', 'tree-search'],
  ['tolFun', '--tol-fun', 'tree-search'],
  ['trials', '--trials', 'gradient'],
  ['evalTrials', '--eval-trials', 'gradient'],
  ['beta', '--beta', 'gradient'],
  ['sigma0', '--sigma0', 'gradient'],
  ['nTraj', '--n-traj', 'gradient'],
  ['baseline', '--baseline', 'gradient'],
  ['alphaSigma', '--alpha-sigma', 'gradient'],
  ['alphaSigmaDecay', '--alpha-sigma-decay', 'gradient'],
  ['flexibleFromEqual', '--flexible-from-equal', 'gradient'],
];

export function registerTimePressureCommand(program: Command): void {
  const g = TIME_PRESSURE_DEFAULTS;
  const t = TREE_SEARCH_DEFAULTS;
  const decayText = (d: StepDecay | null) => (d === null ? 'none' : `${d.tau},${d.power}`);
  program
    .command('time-pressure')
    .description("planning task under a search budget: flexible against equal precision per budget, and d' against reward difference (docs/tasks.md 2, paper Fig. 3)")
    .option('--model <id>', 'tree-search: the gradient-free allocator behind the paper\'s figure (true values, noise once per trial, depth-first search, CMA-ES); gradient: the gradient learner', oneOf(TIME_PRESSURE_MODELS), 'tree-search')
    .option('--depth <n>', 'moves per trial', wholeNumber, t.depth)
    .option('--budgets <list>', 'search budgets in single-step expansions (default depth, 2 depth, ..., depth * 2^depth; a path left incomplete when the budget runs out is discarded)', wholeNumberList)
    .option('--seeds <list>', 'seeds; each budget and allocation is optimised once per seed', wholeNumberList, [1, 2, 3, 4, 5])
    .option('--lambda <x>', 'memory-cost weight', finiteNumber, t.lambda)
    .option('--threads <n>', 'worker threads (default: all cores); the results are the same bytes on any number', wholeNumber, availableParallelism())
    .option('--json', 'print one JSON object on stdout (the table goes to stderr)')
    .option('--restarts <n>', `tree-search: CMA-ES restarts of the flexible allocation, best kept (default ${t.restarts})`, wholeNumber)
    .option('--evaluations <n>', `tree-search: most evaluations per restart (default ${t.evaluations})`, wholeNumber)
    .option('--trials-per-evaluation <n>', `tree-search: common trials behind every evaluation (default ${t.trialsPerEvaluation})`, wholeNumber)
    .option('--fresh-trials <n>', `tree-search: fresh trials scoring both optima (default ${t.freshTrials})`, wholeNumber)
    .option('--tol-fun <x>', `tree-search: CMA-ES stops when recent best values span less than this (default ${t.tolFun})`, finiteNumber)
    .option('--trials <n>', `gradient: training trials per run (default ${g.trials})`, wholeNumber)
    .option('--eval-trials <n>', `gradient: planning trials of the final evaluation (default ${g.evalTrials})`, wholeNumber)
    .option('--beta <x>', `gradient: inverse temperature (default ${g.beta})`, finiteNumber)
    .option('--sigma0 <x>', `gradient: initial sigma of the learned memories (default ${g.sigma0})`, finiteNumber)
    .option('--n-traj <n>', `gradient: planning trials per sigma update (default ${g.nTraj})`, wholeNumber)
    .option('--baseline <kind>', `gradient: score-function baseline, leave-one-out or none (the paper code) (default ${g.baseline})`, oneOf(['leave-one-out', 'none'] as const))
    .option('--alpha-sigma <x>', `gradient: sigma step size (default ${g.alphaSigma})`, finiteNumber)
    .option('--alpha-sigma-decay <tau[,power]|none>', `gradient: decay of every run's sigma step, alpha (1 + t / tau)^-power (default ${decayText(g.alphaSigmaDecay)})`, stepDecayValue)
    .option(
      '--flexible-from-equal <tau[,power]|none>',
      `gradient: start the flexible arm from the equal arm's final memory with the step alpha (1 + t / tau)^-power; none trains it from sigma0 like the equal arm (the paper's code) (default ${decayText(g.flexibleFromEqual)})`,
      stepDecayValue,
    )
    .action((flags: TimePressureFlags, command: Command) => timePressureCommand(flags, command));
}

async function timePressureCommand(flags: TimePressureFlags, command: Command): Promise<void> {
  for (const [name, flag, model] of MODEL_FLAGS) {
    if (command.getOptionValueSource(name) === 'cli' && model !== flags.model) throw new UsageError(`${flag} applies to --model ${model} only, got --model ${flags.model}`);
  }
  if (flags.threads < 1) throw new UsageError(`--threads must be a whole number >= 1, got ${flags.threads}`);
  checkFlags(TREE_SEARCH_CHECKS, { depth: flags.depth, lambda: flags.lambda }); // both models: before the budgets, which need a depth
  const budgets = flags.budgets ?? fullBudgets(flags.depth);
  if (budgets.some((b) => b < flags.depth)) throw new UsageError(`--budgets must be whole numbers >= depth (${flags.depth}) so a path can be completed, got ${budgets.join(',')}`);
  if (new Set(flags.seeds).size !== flags.seeds.length) throw new UsageError(`--seeds must be distinct, got ${flags.seeds.join(',')}`);
  const comparison = flags.model === 'tree-search' ? await treeSearch(flags, budgets) : await gradient(flags, budgets);
  const table = humanTable(comparison);
  if (flags.json) {
    process.stdout.write(`${toJson(nonFiniteAsNull(comparison))}\n`);
    process.stderr.write(table);
  } else {
    process.stdout.write(table);
  }
}

async function treeSearch(flags: TimePressureFlags, budgets: number[]): Promise<TimePressureComparison> {
  const t = TREE_SEARCH_DEFAULTS;
  const settings: TreeSearchSettings = {
    ...t,
    depth: flags.depth,
    lambda: flags.lambda,
    restarts: flags.restarts ?? t.restarts,
    evaluations: flags.evaluations ?? t.evaluations,
    trialsPerEvaluation: flags.trialsPerEvaluation ?? t.trialsPerEvaluation,
    freshTrials: flags.freshTrials ?? t.freshTrials,
    tolFun: flags.tolFun ?? t.tolFun,
  };
  checkFlags(TREE_SEARCH_CHECKS, settings);
  const jobs = treeSearchJobs(settings, budgets, flags.seeds).map((job) => treeSearchReproduceJob(settings, job));
  const results = await runJobs(longestFirst(jobs), flags.threads, 'time-pressure');
  return assembleTreeSearchComparison(settings, budgets, flags.seeds, (job) => {
    const result = results.get(treeSearchReproduceJob(settings, job).id);
    if (result?.kind !== 'tree-search') throw new Error(`time-pressure: no result for ${JSON.stringify(job)}`);
    return result.optimum;
  });
}

async function gradient(flags: TimePressureFlags, budgets: number[]): Promise<TimePressureComparison> {
  const g = TIME_PRESSURE_DEFAULTS;
  const base: TimePressureBase = {
    ...g,
    depth: flags.depth,
    lambda: flags.lambda,
    trials: flags.trials ?? g.trials,
    evalTrials: flags.evalTrials ?? g.evalTrials,
    beta: flags.beta ?? g.beta,
    sigma0: flags.sigma0 ?? g.sigma0,
    nTraj: flags.nTraj ?? g.nTraj,
    baseline: flags.baseline ?? g.baseline,
    alphaSigma: flags.alphaSigma ?? g.alphaSigma,
    alphaSigmaDecay: flags.alphaSigmaDecay !== undefined ? noneAsNull(flags.alphaSigmaDecay) : g.alphaSigmaDecay,
    flexibleFromEqual: flags.flexibleFromEqual !== undefined ? noneAsNull(flags.flexibleFromEqual) : g.flexibleFromEqual,
  };
  checkFlags(TIME_PRESSURE_CHECKS, base);
  const jobs: ReproduceJob[] = flags.seeds.map((seed) => ({ kind: 'time-pressure', id: `gradient-seed-${seed}`, base, budgets, seed }));
  const results = await runJobs(jobs, Math.min(flags.threads, jobs.length), 'time-pressure');
  return mergeTimePressureComparisons(
    jobs.map((job) => {
      const r = results.get(job.id);
      if (r?.kind !== 'time-pressure') throw new Error(`time-pressure: no result for ${job.id}`);
      return r.comparison;
    }),
  );
}

/**
 * Checks a model's settings against its table in @dra/experiments (the settings a time-pressure
 * run shares with a training run take the run's specs); a problem names the flag and the value.
 */
function checkFlags(table: Readonly<Record<string, SettingCheck>>, settings: object): void {
  const given = Object.fromEntries(Object.keys(settings).filter((key) => key in table).map((key) => [key, table[key]!]));
  const [problem] = checkSettings(given, settings);
  if (problem) throw new UsageError(settingMessage(flagName(problem.field), expectedNaming(problem, flagName), problem.value, showPlain));
}

function humanTable(c: TimePressureComparison): string {
  const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  const pm = (x: number, se: number, digits = 1) => `${fixed(x, digits)} +- ${fixed(se, digits)}`;
  const lines = [
    `planning task, depth ${c.settings.depth}, model ${c.model}: objective = mean best-path return - lambda KL; seeds ${c.settings.seeds.join(',')}; +- one standard error over seeds`,
    `budget  share      flexible         equal  flex - equal  poster  return flex/equal  cost flex/equal  d' slope flex / equal`,
  ];
  for (const r of c.rows) {
    lines.push(
      [
        String(r.budget).padStart(6),
        `${Math.round(r.budgetFraction * 1000) / 10}%`.padStart(5),
        pm(r.flexible.objective, r.flexible.objectiveStandardError).padStart(13),
        pm(r.equal.objective, r.equal.objectiveStandardError).padStart(13),
        pm(r.difference, r.differenceStandardError, 2).padStart(13),
        (r.poster === null ? '-' : fixed(r.poster)).padStart(6),
        `${fixed(r.flexible.return)} / ${fixed(r.equal.return)}`.padStart(17),
        `${fixed(r.flexible.memoryCost)} / ${fixed(r.equal.memoryCost)}`.padStart(15),
        `  ${pm(r.dPrime.flexible.slope, r.dPrime.flexible.slopeStandardError, 4)} / ${pm(r.dPrime.equal.slope, r.dPrime.equal.slopeStandardError, 4)}`,
      ].join('  '),
    );
  }
  return `${lines.join('\n')}\n`;
}
