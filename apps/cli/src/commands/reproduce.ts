import { availableParallelism } from 'node:os';
import { FIGURE_IDS, reproduce } from '@dra/experiments';
import type { Command } from 'commander';
import { figureDirectoryFiles } from '../figures/write-figures.js';
import { longestFirst, runJobs } from '../job-pool.js';
import { nonFiniteAsNull, toJson } from '../json-output.js';
import { oneOf, pathValue, wholeNumber } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { reportMarkdown } from '../reproduce/report-markdown.js';
import { reproduceFigures } from '../reproduce/reproduce-figures.js';
import { checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { savedRunFiles } from '../saved-run.js';
import { UsageError } from '../usage-error.js';

interface ReproduceFlags {
  quick?: boolean;
  out: string;
  threads: number;
  png?: boolean;
  force?: boolean;
}

const TARGETS = [...FIGURE_IDS, 'all'] as const;

export function registerReproduceCommand(program: Command, toolkit: Toolkit): void {
  program
    .command('reproduce')
    .description("run the experiments behind the paper's figures and write figures, results.json and a report beside the published numbers")
    .argument('<figure>', `${TARGETS.join(' | ')}`, oneOf(TARGETS))
    .option('--quick', 'shorter mountain-car, planning and objective runs (minutes, not tens of minutes)')
    .option('--out <dir>', 'new directory for report.md, results.json, figures/ and runs/', pathValue, 'reproduction')
    .option('--threads <n>', 'worker threads (default: all cores)', wholeNumber, availableParallelism())
    .option('--png', 'also write a PNG of each figure')
    .option('--force', 'replace an existing --out directory')
    .action((target: (typeof TARGETS)[number], flags: ReproduceFlags) => reproduceCommand(target, flags, toolkit));
}

async function reproduceCommand(target: (typeof TARGETS)[number], flags: ReproduceFlags, toolkit: Toolkit): Promise<void> {
  if (flags.threads < 1) throw new UsageError(`--threads must be a whole number >= 1, got ${flags.threads}`);
  checkRunDirectory(flags.out, Boolean(flags.force));
  const registry = toolkit.environments;
  const started = performance.now();
  const { plan, jobs: results, results: summary } = await reproduce(target, {
    quick: Boolean(flags.quick),
    registry,
    runJobs: (jobs) => runJobs(longestFirst(jobs), flags.threads, 'reproduce'),
  });
  const drawn = reproduceFigures(plan, results, summary, registry);
  const command = `dra reproduce ${target}${flags.quick ? ' --quick' : ''}`;
  const files: Record<string, string | Uint8Array> = {
    'results.json': `${toJson(nonFiniteAsNull(summary), 2)}\n`,
    'report.md': reportMarkdown(summary, drawn, command),
  };
  for (const [name, content] of Object.entries(await figureDirectoryFiles(drawn, Boolean(flags.png)))) files[`figures/${name}`] = content;
  for (const job of plan.jobs) {
    const r = results.get(job.id)!;
    if (r.kind === 'run') for (const [name, content] of Object.entries(savedRunFiles(r.record.settings, r.record.curve, r.record.memory))) files[`runs/${job.id}/${name}`] = content;
  }
  if (summary.planning) files['planning/time-pressure.json'] = `${toJson(nonFiniteAsNull(summary.planning))}\n`;
  writeRunDirectory(flags.out, files, Boolean(flags.force));
  const failed = summary.checks.filter((c) => !c.pass);
  process.stdout.write(
    `${command}: ${summary.checks.length - failed.length} of ${summary.checks.length} checks pass, ${drawn.length} figures, in ${((performance.now() - started) / 1000).toFixed(1)} s on ${flags.threads} thread${flags.threads === 1 ? '' : 's'}: ${flags.out}/report.md\n`,
  );
  for (const c of failed) process.stdout.write(`  not reproduced: ${c.claim}: ours ${c.ours}, published ${c.reference} (${c.rule})\n`);
}
