import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { addPluginFlag } from '../environment-flags.js';
import type { Figure } from '../figures/figure.js';
import { readTimePressure, runFigures, stem, timePressureFigures } from '../figures/plot-sources.js';
import { sweepFigures } from '../figures/sweep-figures.js';
import type { PlottedCell, PlottedSweep } from '../figures/sweep-plot-data.js';
import { figureDirectoryFiles } from '../figures/write-figures.js';
import type { Toolkit } from '../toolkit.js';
import { checkOutputApartFromInputs, checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { readSavedRun, type SavedRun } from '../saved-run.js';
import { UsageError } from '../usage-error.js';
import { pathList, pathValue } from '../parse-flag.js';
import { CELLS_FOLDER, MANIFEST_FILE, readCells, readManifest, type SweepManifest } from '../sweep/sweep-directory.js';

interface PlotFlags {
  out: string;
  png?: boolean;
  force?: boolean;
  title?: string;
}

export function registerPlotCommand(program: Command, toolkit: Toolkit): void {
  const command = program
    .command('plot')
    .description('figures (SVG, with their vega-lite spec and data) from run directories, sweep directories and time-pressure results')
    .argument('<inputs...>', 'run directories (dra run --out), sweep directories (dra sweep --out) and time-pressure results (dra time-pressure --json > FILE.json)', pathList)
    .requiredOption('--out <dir>', 'new directory for the figures', pathValue)
    .option('--png', 'also write a PNG of each figure')
    .option('--title <text>', "title of the convergence and bar figures (default: the runs' environment, objective, settings and seeds) and of the sweep figures (default: '<task> sweep')")
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
  const sweeps = new Map<string, SweepInput>();
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
    if (isDirectory && existsSync(join(input, MANIFEST_FILE))) {
      addSweep(sweeps, input, () => uniqueStem(input));
    } else if (isDirectory) {
      runs.push(readSavedRun(input, registry, toolkit.objectives));
      runNames.push(uniqueStem(input));
    } else {
      figures.push(...timePressureFigures(readTimePressure(input), uniqueStem(input)));
    }
  }
  if (runs.length > 0) figures.unshift(...runFigures(runs, runNames, flags.title));
  for (const sweep of sweeps.values()) figures.push(...sweepFigures(sweep.name, plottedSweep(sweep), flags.title));
  const files = await figureDirectoryFiles(figures, Boolean(flags.png));
  writeRunDirectory(flags.out, files, Boolean(flags.force));
  process.stdout.write(`${figures.length} figures in ${flags.out}: ${figures.map((f) => f.name).join(', ')}\n`);
}

/** The sweep directories of one sweep (one config hash), drawn together: a sweep, or its shards. */
interface SweepInput {
  name: string;
  manifest: SweepManifest;
  shards: (string | null)[];
  /** Finished cells by index (a cell found in two of the directories is the same run). */
  cells: Map<number, PlottedCell>;
}

/** Reads a sweep directory's finished cells into the sweep it belongs to; one with none is a usage error. */
function addSweep(sweeps: Map<string, SweepInput>, dir: string, name: () => string): void {
  const manifest = readManifest(dir);
  const cells = readCells(dir, manifest);
  if (cells.length === 0) {
    const merged = existsSync(join(dir, 'results.csv')) && !existsSync(join(dir, CELLS_FOLDER));
    throw new UsageError(
      merged
        ? `'${dir}' is a sweep directory with no finished cell to plot (a dra merge directory keeps only the tidy table): plot the shard directories instead, which are drawn as one sweep`
        : `'${dir}' is a sweep directory with no finished cell to plot (nothing in ${CELLS_FOLDER}/): start its workers with dra sweep work '${dir}'`,
    );
  }
  let sweep = sweeps.get(manifest.configHash);
  if (sweep === undefined) sweeps.set(manifest.configHash, (sweep = { name: name(), manifest, shards: [], cells: new Map() }));
  sweep.shards.push(manifest.shard);
  // Only what the figures draw is kept (not the cells' memories).
  for (const c of cells) if (!sweep.cells.has(c.index)) sweep.cells.set(c.index, { index: c.index, parameters: c.parameters, replicate: c.replicate, final: c.final });
}

function plottedSweep({ manifest, shards, cells }: SweepInput): PlottedSweep {
  return {
    task: manifest.task,
    replicates: manifest.replicates,
    gridKeys: manifest.gridKeys,
    cellCount: manifest.cellCount,
    shards: shards.includes(null) ? [] : (shards as string[]).sort((p, q) => p.localeCompare(q, 'en', { numeric: true })),
    cells: [...cells.values()],
  };
}
