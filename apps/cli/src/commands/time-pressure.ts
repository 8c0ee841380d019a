import { compareUnderTimePressure, fullBudgets, TIME_PRESSURE_DEFAULTS, type TimePressureComparison } from '@dra/agent';
import type { Command } from 'commander';
import { nonFiniteAsNull, toJson } from '../json-output.js';
import { finiteNumber, oneOf, wholeNumber, wholeNumberList } from '../parse-flag.js';
import { UsageError } from '../usage-error.js';

interface TimePressureFlags {
  depth: number;
  budgets?: number[];
  seeds: number[];
  trials: number;
  evalTrials: number;
  lambda: number;
  beta: number;
  sigma0: number;
  nTraj: number;
  baseline: 'none' | 'leave-one-out';
  json?: boolean;
}

export function registerTimePressureCommand(program: Command): void {
  const d = TIME_PRESSURE_DEFAULTS;
  program
    .command('time-pressure')
    .description('planning task under a search budget: flexible against equal precision per budget, and d\' against reward difference (TASKS.md 2)')
    .option('--depth <n>', 'moves per trial', wholeNumber, d.depth)
    .option('--budgets <list>', 'search budgets in single-step expansions (default depth, 2 depth, ..., depth * 2^depth)', wholeNumberList)
    .option('--seeds <list>', 'seeds; each budget and allocation is trained once per seed', wholeNumberList, [1, 2, 3, 4, 5])
    .option('--trials <n>', 'training trials per run', wholeNumber, d.trials)
    .option('--eval-trials <n>', 'planning trials of the final evaluation', wholeNumber, d.evalTrials)
    .option('--lambda <x>', 'memory-cost weight', finiteNumber, d.lambda)
    .option('--beta <x>', 'inverse temperature', finiteNumber, d.beta)
    .option('--sigma0 <x>', 'initial sigma of the learned memories', finiteNumber, d.sigma0)
    .option('--n-traj <n>', 'planning trials per sigma update', wholeNumber, d.nTraj)
    .option('--baseline <kind>', 'score-function baseline: leave-one-out or none (the paper code)', oneOf(['leave-one-out', 'none'] as const), d.baseline)
    .option('--json', 'print one JSON object on stdout')
    .action((flags: TimePressureFlags) => timePressureCommand(flags));
}

function timePressureCommand(flags: TimePressureFlags): void {
  const budgets = flags.budgets ?? fullBudgets(flags.depth);
  if (budgets.some((b) => b < 1)) throw new UsageError(`--budgets must be whole numbers >= 1, got ${budgets.join(',')}`);
  if (flags.seeds.some((s) => s < 0)) throw new UsageError(`--seeds must be whole numbers >= 0, got ${flags.seeds.join(',')}`);
  const base = {
    ...TIME_PRESSURE_DEFAULTS,
    depth: flags.depth,
    trials: flags.trials,
    evalTrials: flags.evalTrials,
    lambda: flags.lambda,
    beta: flags.beta,
    sigma0: flags.sigma0,
    nTraj: flags.nTraj,
    baseline: flags.baseline,
  };
  let last = 0;
  const comparison = compareUnderTimePressure(base, budgets, flags.seeds, (done, total) => {
    const now = Date.now();
    if (now - last > 2000 || done === total) {
      process.stderr.write(`time-pressure: ${done}/${total} runs\n`);
      last = now;
    }
  });
  const table = humanTable(comparison);
  if (flags.json) {
    process.stdout.write(`${toJson(nonFiniteAsNull(comparison))}\n`);
    process.stderr.write(table);
  } else {
    process.stdout.write(table);
  }
}

function humanTable(c: TimePressureComparison): string {
  const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  const lines = [
    `planning task, depth ${c.settings.depth}: objective = mean best-path return - lambda KL, ${c.settings.trials} trials, seeds ${c.settings.seeds.join(',')}`,
    'budget  share  flexible    equal  flex-equal (+- se)  poster   d\' slope flex / equal   r(d\', dR) flex',
  ];
  for (const r of c.rows) {
    lines.push(
      `${String(r.budget).padStart(6)}  ${`${Math.round(r.budgetFraction * 1000) / 10}%`.padStart(5)}  ${fixed(r.flexible).padStart(8)}  ${fixed(r.equal).padStart(7)}  ` +
        `${`${fixed(r.difference)} (+- ${fixed(r.differenceStandardError)})`.padStart(18)}  ${(r.poster === null ? '-' : fixed(r.poster)).padStart(6)}   ` +
        `${fixed(r.dPrimeSlope.flexible, 4)} / ${fixed(r.dPrimeSlope.equal, 4)}        ${fixed(r.dPrimeCorrelation.flexible, 2)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
