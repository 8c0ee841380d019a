import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { addPluginFlag } from '../environment-flags.js';
import type { Figure } from '../figures/figure.js';
import { readTimePressure, runFigures, stem, timePressureFigures } from '../figures/plot-sources.js';
import { figureDirectoryFiles } from '../figures/write-figures.js';
import type { Toolkit } from '../toolkit.js';
import { checkOutputApartFromInputs, checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { readSavedRun, type SavedRun } from '../saved-run.js';
import { UsageError } from '../usage-error.js';
import { pathList, pathValue } from '../parse-flag.js';

interface PlotFlags {
  out: string;
  png?: boolean;
  force?: boolean;
  title?: string;
}

export function registerPlotCommand(program: Command, toolkit: Toolkit): void {
  const command = program
    .command('plot')
    .description('figures (SVG, with their vega-lite spec and data) from run directories and time-pressure results')
    .argument('<inputs...>', 'run directories (dra run --out) and time-pressure results (dra time-pressure --json > FILE.json)', pathList)
    .requiredOption('--out <dir>', 'new directory for the figures', pathValue)
    .option('--png', 'also write a PNG of each figure')
    .option('--title <text>', "title of the convergence and bar figures (default: the runs' environment, objective, settings and seeds)")
    .option('--force', 'replace an existing --out directory');
  addPluginFlag(command);
  command.action((inputs: string[], flags: PlotFlags) => plotCommand(inputs, flags, toolkit));
}

async function plotCommand(inputs: string[], flags: PlotFlags, toolkit: Toolkit): Promise<void> {
  checkOutputApartFromInputs(flags.out, inputs);
  checkRunDirectory(flags.out, Boolean(flags.force));
  const registry = toolkit.environments;
  const runs: SavedRun[] = [];
  const figures: Figure[] = [];
  const seen = new Set<string>();
  const taken = new Set<string>();
  const uniqueStem = (path: string) => {
    const base = stem(basename(resolve(path)).replace(/\.json$/i, ''));
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    return name;
  };
  const runNames: string[] = [];
  for (const input of inputs) {
    const absolute = resolve(input);
    if (seen.has(absolute)) throw new UsageError(`'${input}' is given twice`);
    seen.add(absolute);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch {
      throw new UsageError(`'${input}': no such file or directory`);
    }
    if (isDirectory) {
      runs.push(readSavedRun(input, registry, toolkit.objectives));
      runNames.push(uniqueStem(input));
    } else {
      figures.push(...timePressureFigures(readTimePressure(input), uniqueStem(input)));
    }
  }
  if (runs.length > 0) figures.unshift(...runFigures(runs, runNames, flags.title));
  const files = await figureDirectoryFiles(figures, Boolean(flags.png));
  writeRunDirectory(flags.out, files, Boolean(flags.force));
  process.stdout.write(`${figures.length} figures in ${flags.out}: ${figures.map((f) => f.name).join(', ')}\n`);
}
