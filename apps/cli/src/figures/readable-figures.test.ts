import { defaultSettings } from '@dra/agent';
import { MemoryTable } from '@dra/core';
import type { TimePressureComparison } from '@dra/experiments';
import { MountainCar } from '@dra/mountain-car';
import { describe, expect, it } from 'vitest';
import { allUnder, axisLabelGroups, compiled, svgSize, textWidth, touchingLabels } from './figures.test-support.js';
import { LINE_LEGEND } from './figure-style.js';
import { sigmaMap, valueMap } from './map-figures.js';
import { renderSvg, svgToPng } from './render-figure.js';
import { convergenceCurves, finalBars, type PlottedRun } from './run-figures.js';
import { runHeadings, runsTitle, seriesLabels } from './series-labels.js';
import { dPrimeByRewardDifference, flexibleMinusEqual, objectiveByBudget } from './time-pressure-figures.js';

/** A run whose first evaluation (an untrained memory) lies far below where it ends. */
const run = (series: string, seed: number): PlottedRun => ({
  series,
  seed,
  curve: [-803, -62, -48, -41, -40].map((objective, i) => ({ episode: 100 * i, objective: objective - seed, return: objective + 4, memoryCost: 4 - i / 10 })),
  final: { objective: -40, return: -36, memoryCost: 4 },
});
const runs = [run('sigma0=1', 1), run('sigma0=1', 2), run('sigma0=5', 1)];

describe('convergence and bar figures', () => {
  it('draws legends of line series as strokes at full opacity, not pale swatches of the band', () => {
    for (const figure of [convergenceCurves('c', 't', runs), flexibleMinusEqual('f', planning), objectiveByBudget('o', planning), dPrimeByRewardDifference('d', planning)]) {
      const legends = allUnder(compiled(figure), 'legends');
      expect(legends.length, figure.name).toBeGreaterThan(0);
      for (const legend of legends) expect(legend, figure.name).toMatchObject({ symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: LINE_LEGEND.symbolStrokeWidth });
    }
  });

  it("starts the objective axis above the runs' worst early value, and says it is cut", () => {
    const figure = convergenceCurves('c', 'maze runs', runs);
    const objective = (figure.spec as { hconcat: { layer: { encoding: { y: { scale: { domain?: number[] } } } }[] }[] }).hconcat[0]!.layer[1]!.encoding.y.scale;
    expect(objective.domain![0]).toBeGreaterThan(-803);
    expect(objective.domain![0]).toBeLessThanOrEqual(-50); // the later half's lowest value, and room below it
    expect(figure.spec.title).toEqual({ text: 'maze runs', subtitle: `objective axis cut at ${objective.domain![0]}: evaluations below it (the untrained start) are off the chart` });
    expect(figure.caption).toMatch(/objective axis cut at -\d+/);
    const svg = renderSvg(figure);
    return expect(svg).resolves.toContain('objective axis cut at');
  });

  it('marks each evaluation of a short curve (a lone one draws no line) and gives bars no legend (the axis names them)', () => {
    const layers = (convergenceCurves('c', 't', runs).spec as { hconcat: { layer: { mark: { point?: boolean } }[] }[] }).hconcat[0]!.layer;
    expect(layers[1]!.mark.point).toBe(true);
    expect(allUnder(compiled(finalBars('b', 't', runs)), 'legends')).toEqual([]);
  });

  it('gives each bar panel room for its heading and plain tick labels, even for one run whose memory cost is 0', async () => {
    const lone = [{ ...run('DRA', 1), final: { objective: -250, return: -150, memoryCost: 0 } }];
    const figure = finalBars('b', 't', lone);
    const width = (figure.spec as { spec: { width: number } }).spec.width;
    expect(width).toBeGreaterThanOrEqual(textWidth('memory cost (lambda KL)', 10)); // each heading within its own panel
    const svg = await renderSvg(figure);
    const labels = axisLabelGroups(svg).flatMap((group) => group.map((label) => label.text));
    expect(labels).toContain('0');
    expect(labels.filter((label) => /e[+-]|\.0000/.test(label))).toEqual([]);
  });
});

describe('run titles', () => {
  const maze = { ...defaultSettings('maze'), seed: 2, episodes: 300 };

  it('titles one run by its environment, objective, lambda, sigma0 and seed, each once', () => {
    const [heading] = runHeadings([maze]);
    expect(heading).toBe(`maze · DRA · lambda=${maze.lambda} · sigma0=${maze.sigma0} · seed 2 · episode 300`);
    expect(heading!.match(/maze/g)).toHaveLength(1);
    expect(runsTitle([maze])).toBe(`maze · DRA · lambda=${maze.lambda} · sigma0=${maze.sigma0} · seed 2`);
    expect(seriesLabels([maze])).toEqual(['DRA']);
  });

  it('names what tells runs apart, objectives as the paper writes them', () => {
    const eq8 = { ...maze, objective: 'eq8', seed: 3 };
    expect(seriesLabels([maze, eq8])).toEqual(['DRA', 'Eq. 8']);
    expect(runsTitle([maze, eq8])).toBe('maze · DRA, Eq. 8 · seeds 2, 3');
    expect(runHeadings([maze, { ...maze, estimator: 'Q' }])[1]).toBe(`maze · DRA · estimator=Q · lambda=${maze.lambda} · sigma0=${maze.sigma0} · seed 2 · episode 300`);
  });
});

describe('mountain-car maps', () => {
  const layout = new MountainCar().mapLayout();
  const memory = MemoryTable.uniform(285, 3);
  memory.sigma.forEach((_, i) => (memory.sigma[i] = 0.3 + (2.3 * i) / memory.size));

  it('prints the multiplication sign in the axis titles', async () => {
    expect(layout.xTitle).toContain('round((x + 1.2) × 10)');
    expect(layout.yTitle).toContain('round((v + 0.07) × 100)');
    expect(await renderSvg(valueMap('v', 't', layout, memory))).toContain('× 10');
  });

  it('puts position across and velocity up: the highest velocity bin at the top', async () => {
    const figure = valueMap('v', 't', layout, memory);
    const top = figure.data.find((cell) => cell.row === 0 && cell.column === 0)!;
    expect(top).toMatchObject({ yBin: 14, state: 14 }); // state = position bin * 15 + velocity bin
    const yLabels = axisLabelGroups(await renderSvg(figure)).find((group) => group.every((label) => label.anchor === 'end'))!;
    const at = (text: string) => yLabels.find((label) => label.text === text)!.y;
    expect(at('14')).toBeLessThan(at('7'));
    expect(at('7')).toBeLessThan(at('0'));
  });

  it('labels the sigma legend at four values or more, and no two axis labels run into each other', async () => {
    const figure = sigmaMap('s', 't', layout, memory);
    const legend = allUnder(figure.spec, 'legend').find((l) => l !== null && 'values' in l) as { values: number[] };
    expect(legend.values.length).toBeGreaterThanOrEqual(4);
    expect(touchingLabels(await renderSvg(figure))).toEqual([]);
  });
});

const choice = (allocation: 'flexible' | 'equal', rewardDifference: number, dPrime: number) => ({ allocation, seed: 1, state: 0, rewardDifference, dPrime });
const summary = (objective: number) => ({ objective, objectiveStandardError: 0.5, return: objective + 1, memoryCost: 1, sigma: [10, 20] });
const planning = {
  model: 'tree-search',
  settings: { depth: 3, seeds: [1, 2], budgets: [3, 6] },
  memories: [0, 1],
  rows: [3, 6, 9, 12, 15].map((budget) => ({
    budget,
    flexible: summary(50),
    equal: summary(48),
    difference: 2,
    differenceStandardError: 0.3,
    poster: 5,
    dPrime: { flexible: { slope: 0.02, slopeStandardError: 0.01, correlation: 0.9 }, equal: { slope: 0.02, slopeStandardError: 0.01, correlation: 0.9 } },
    choices: [choice('flexible', 20, 0.2), choice('flexible', 120, 2.5), choice('equal', 20, 0.4), choice('equal', 120, 2.4)],
  })),
} as unknown as TimePressureComparison;

describe("the d' figure", () => {
  it('has x-axis titles narrower than their panels, so neighbouring titles cannot overlap', () => {
    const figure = dPrimeByRewardDifference('d', planning);
    const inner = (figure.spec as { spec: { width: number; layer: { encoding: { x: { title: string } } }[] } }).spec;
    expect(textWidth(inner.layer[0]!.encoding.x.title, 11, true)).toBeLessThan(inner.width);
  });
});

describe('rendering', () => {
  it('measures text with the font it is drawn in: a map is as wide as its long title, not a third wider', async () => {
    const title = 'mountain-car · DRA · lambda=0.1 · sigma0=1 · seed 1 · episode 300 · a long title';
    const svg = await renderSvg(valueMap('v', title, new MountainCar().mapLayout(), MemoryTable.uniform(285, 3)));
    const titleWidth = textWidth(title, 13, true);
    expect(svgSize(svg).width).toBeGreaterThan(titleWidth);
    expect(svgSize(svg).width).toBeLessThan(titleWidth + 30);
  });

  it('gives the same bytes for the same figure (SVG and PNG)', async () => {
    const figure = sigmaMap('s', 't', new MountainCar().mapLayout(), MemoryTable.uniform(285, 3));
    const [a, b] = [await renderSvg(figure), await renderSvg(figure)];
    expect(b).toBe(a);
    expect(Buffer.from(await svgToPng(b)).equals(Buffer.from(await svgToPng(a)))).toBe(true);
  });
});
