import type { Figure } from '../figures/figure.js';
import { PUBLISHED } from './published-values.js';
import type { ReproduceResults } from './reproduce-results.js';
import { formatStat, type Check } from './statistics.js';

const fixed = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function checkLines(checks: readonly Check[]): string[] {
  return table(
    ['', 'claim', 'ours', 'published', 'rule'],
    checks.map((c) => [c.pass ? 'pass' : '**FAIL**', c.claim, c.ours, c.reference, c.rule]),
  );
}

function figureLines(figures: readonly Figure[], prefix: string): string[] {
  return figures.filter((f) => f.name.startsWith(prefix)).map((f) => `- [${f.name}.svg](figures/${f.name}.svg): ${f.caption}`);
}

/**
 * `report.md`: our numbers beside the published ones (TASKS.md, the C anchor), every check
 * with its rule, and links to the figures. Deterministic for the results (no timings).
 */
export function reportMarkdown(results: ReproduceResults, figures: readonly Figure[], command: string): string {
  const passed = results.checks.filter((c) => c.pass).length;
  const lines = [
    '# Reproducing Patel, Acerbi & Pouget (NeurIPS 2020)',
    '',
    `\`${command}\`${results.quick ? ' (quick: shorter mountain-car, planning and objective runs; see results.json settings)' : ''}.`,
    `${passed} of ${results.checks.length} checks pass. Raw outputs: \`results.json\`, run directories in \`runs/\` (re-plot with \`dra plot\`), figures with their vega-lite specs and data in \`figures/\`.`,
  ];
  const m = results.maze;
  if (m) {
    const s = results.settings.maze;
    lines.push('', '## Fig. 1: the maze', '', `DRA with the paper's settings (TASKS.md 1), ${s.episodes} episodes, seeds ${s.seeds.join(', ')}. Final values: mean over the evaluations of the last 1000 episodes, then mean +- s.e. over seeds.`, '');
    lines.push(
      ...table(
        ['sigma0', 'objective', 'return', 'memory cost', 'objective at 500', 'cost at 0', 'episodes to within 1.5', 'published episodes'],
        m.series.map((x) => [
          String(x.sigma0),
          formatStat(x.lastThousand.objective),
          formatStat(x.lastThousand.return),
          formatStat(x.lastThousand.memoryCost),
          x.objectiveAt500 ? formatStat(x.objectiveAt500) : '-',
          formatStat(x.initialCost),
          x.convergenceEpisode === null ? 'never' : String(x.convergenceEpisode),
          String(PUBLISHED.maze.convergenceEpisodes[x.sigma0] ?? '-'),
        ]),
      ),
      '',
      `Published, whatever sigma0: objective ${PUBLISHED.maze.finalRange.objective.join(' to ')}, return ${PUBLISHED.maze.finalRange.return.join(' to ')}, memory cost ${PUBLISHED.maze.finalRange.memoryCost.join(' to ')}.`,
    );
    if (m.switch) {
      const w = m.switch;
      lines.push('', `Switch at episode ${w.switchAt} (seed ${s.switchSeed}): mean choice entropy (nats) of the hard-Thompson choice`, '');
      lines.push(
        ...table(
          ['cells', 'before the switch', 'after (episode 5000)'],
          [
            [`only on the old shortest path (${w.oldPathCells.length})`, fixed(w.before.oldPath, 3), fixed(w.after.oldPath, 3)],
            [`only on the new shortest path (${w.newPathCells.length})`, fixed(w.before.newPath, 3), fixed(w.after.newPath, 3)],
            ['all open cells', fixed(w.before.allCells, 3), fixed(w.after.allCells, 3)],
          ],
        ),
      );
    }
    lines.push('', ...checkLines(m.checks), '', ...figureLines(figures, 'fig1-'));
  }
  const c = results.mountainCar;
  if (c) {
    const s = results.settings.mountainCar;
    lines.push('', '## Fig. 2: mountain car', '', `DRA with the paper code's settings (TASKS.md 3), ${s.episodes} episodes, seeds ${s.seeds.join(', ')}; final values are the mean of the last three evaluations, mean +- s.e. over seeds. The paper compares the estimators without giving numbers.`, '');
    lines.push(
      ...table(
        ['estimator', 'objective', 'return', 'memory cost'],
        c.estimators.map((e) => [e.estimator, formatStat(e.objective), formatStat(e.return), formatStat(e.memoryCost, 3)]),
      ),
      '',
      `Highest final objective: estimator ${c.best}.`,
      '',
      ...figureLines(figures, 'fig2-'),
    );
  }
  const p = results.planning;
  if (p) {
    const s = results.settings.planning;
    lines.push('', '## Fig. 3: the planning task under time pressure', '', `Flexible (a sigma per memory) against equal precision (one shared sigma), ${s.trials} trials, ${s.evalTrials} evaluation trials, seeds ${s.seeds.join(', ')} (TASKS.md 2).`, '');
    lines.push(
      ...table(
        ['budget', 'flexible', 'equal', 'flexible - equal', 'poster', "d' slope flexible / equal"],
        p.rows.map((r) => [
          String(r.budget),
          fixed(r.flexible),
          fixed(r.equal),
          formatStat({ mean: r.difference, se: r.differenceStandardError, n: s.seeds.length }),
          fixed(r.poster, 1),
          `${fixed(r.dPrimeSlope.flexible, 4)} / ${fixed(r.dPrimeSlope.equal, 4)}`,
        ]),
      ),
      '',
      ...checkLines(results.checks.filter((x) => x.id.startsWith('planning.'))),
      '',
      ...figureLines(figures, 'fig3-'),
    );
  }
  const o = results.objectives;
  if (o) {
    const s = results.settings.objectives;
    lines.push('', '## Eq. 8 against Eq. 10 (and DRA)', '', `The planning task (${o.env}), ${s.episodes} trials, critic estimator with its adam step, seeds ${o.seeds.join(', ')}: each objective's own value at its final memory, exactly and by rollouts (mean of the last three evaluations), and the cost of its final memories paid globally (lambda KL over the table: DRA, Eq. 10) or per visit (lambda sum_s visits(s) KL(s): Eq. 8).`, '');
    lines.push(
      ...table(
        ['objective', 'exact value', 'value', 'return', 'own cost', 'global cost', 'per-visit cost'],
        o.outcomes.map((x) => [
          x.objective,
          x.exactFinal ? formatStat({ mean: x.exactFinal.objective, se: x.exactFinalStandardError!.objective, n: o.seeds.length }) : 'n/a',
          formatStat({ mean: x.final.objective, se: x.finalStandardError.objective, n: o.seeds.length }),
          formatStat({ mean: x.final.return, se: x.finalStandardError.return, n: o.seeds.length }),
          formatStat({ mean: x.final.memoryCost, se: x.finalStandardError.memoryCost, n: o.seeds.length }, 3),
          fixed(x.globalCost, 3),
          fixed(x.perVisitCost, 3),
        ]),
      ),
      '',
      ...figureLines(figures, 'objectives-'),
    );
  }
  return `${lines.join('\n')}\n`;
}
