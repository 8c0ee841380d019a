import type { Figure } from '../figures/figure.js';
import { formatStat, PUBLISHED, type Check, type ReproduceResults } from '@dra/experiments';

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
 * `report.md`: our numbers beside the published ones (docs/tasks.md, the C reference in
 * tooling/maze-reference-c), every check with its rule, and links to the figures.
 * Deterministic for the results (no timings).
 */
export function reportMarkdown(results: ReproduceResults, figures: readonly Figure[], command: string): string {
  const passed = results.checks.filter((c) => c.pass).length;
  const lines = [
    '# Reproducing Patel, Acerbi & Pouget (NeurIPS 2020)',
    '',
    `\`${command}\`${results.quick ? ' (quick: shorter mountain-car, planning and objective runs; see results.json settings)' : ''}.`,
    `${passed} of ${results.checks.length} checks pass. Raw outputs: \`results.json\`, run directories in \`runs/\` (re-plot with \`dra plot\`), figures with their vega-lite specs and data in \`figures/\`.`,
  ];
  if (results.maze) lines.push(...mazeSection(results, figures));
  if (results.mountainCar) lines.push(...mountainCarSection(results, figures));
  if (results.planning) lines.push(...planningSection(results, figures));
  if (results.objectives) lines.push(...objectivesSection(results, figures));
  return `${lines.join('\n')}\n`;
}

function mazeSection(results: ReproduceResults, figures: readonly Figure[]): string[] {
  const m = results.maze!;
  const s = results.settings.maze;
  const lines: string[] = [];
  lines.push('', '## Fig. 1: the maze', '', `DRA with the paper's settings (docs/tasks.md 1), ${s.episodes} episodes, seeds ${s.seeds.join(', ')}. Final values: mean over the evaluations of the last 1000 episodes, then mean +- s.e. over seeds.`, '');
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
    lines.push('', `Switch at episode ${w.switchAt} (seeds ${w.seeds.join(', ')}): mean choice entropy (nats) of the hard-Thompson choice, mean over seeds; the change is after minus before per seed, +- s.e. over seeds`, '');
    lines.push(
      ...table(
        ['cells', 'before the switch', `after (episode ${s.episodes})`, 'change'],
        [
          [`only on the old shortest path (${w.oldPathCells.length})`, fixed(w.before.oldPath, 3), fixed(w.after.oldPath, 3), formatStat(w.change.oldPath, 3)],
          [`only on the new shortest path (${w.newPathCells.length})`, fixed(w.before.newPath, 3), fixed(w.after.newPath, 3), formatStat(w.change.newPath, 3)],
          ['all open cells', fixed(w.before.allCells, 3), fixed(w.after.allCells, 3), ''],
        ],
      ),
    );
  }
  lines.push('', ...checkLines(m.checks), '', ...figureLines(figures, 'fig1-'));
  return lines;
}

function mountainCarSection(results: ReproduceResults, figures: readonly Figure[]): string[] {
  const c = results.mountainCar!;
  const s = results.settings.mountainCar;
  const lines: string[] = [];
  lines.push('', '## Fig. 2: mountain car', '', `DRA with the paper code's settings (docs/tasks.md 3), ${s.episodes} episodes, seeds ${s.seeds.join(', ')}; final values are the mean of the last three evaluations, mean +- s.e. over seeds. The paper compares the estimators without giving numbers.`, '');
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
  return lines;
}

function planningSection(results: ReproduceResults, figures: readonly Figure[]): string[] {
  const p = results.planning!;
  const s = results.settings.planning;
  const lines: string[] = [];
  const t = s.allocator;
  const pm = (mean: number, se: number, digits = 2) => formatStat({ mean, se, n: s.seeds.length }, digits);
  const searchGap = p.rows.map((r) => r.runs.reduce((sum, run) => sum + (run.flexible.searchObjective! - run.equal.searchObjective!), 0) / r.runs.length);
  lines.push(
    '',
    '## Fig. 3: the planning task under time pressure',
    '',
    `The gradient-free allocator (docs/tasks.md 2): memories hold the true cumulative values, noise is drawn once per trial, a depth-first tree search spends the budget taking the noisy arg-max at each node and never re-expanding a finished branch, and the trial earns the best complete path's true return. Flexible precision (${p.memories.length} sigmas) is optimised by CMA-ES in [${t.sigmaMin}, ${t.sigmaMax}] (${t.restarts} restarts of at most ${t.evaluations} evaluations, tolFun ${t.tolFun}, the best kept, the equal optimum among the candidates), equal precision by a ${t.equalGridPoints}-point grid and golden-section search; every evaluation of a seed uses the same ${t.trialsPerEvaluation} trials, and both optima are then scored on ${t.freshTrials} fresh trials, paired. lambda ${t.lambda}, base sigma ${t.sigmaBase}, seeds ${s.seeds.join(', ')}; +- one standard error over seeds.`,
    '',
  );
  lines.push(
    ...table(
      ['budget', 'flexible', 'equal', 'return flex / equal', 'cost flex / equal', 'flexible - equal', 'poster', 'on the search trials', "d' slope flexible", "d' slope equal"],
      p.rows.map((r, i) => [
        String(r.budget),
        pm(r.flexible.objective, r.flexible.objectiveStandardError),
        pm(r.equal.objective, r.equal.objectiveStandardError),
        `${fixed(r.flexible.return)} / ${fixed(r.equal.return)}`,
        `${fixed(r.flexible.memoryCost)} / ${fixed(r.equal.memoryCost)}`,
        pm(r.difference, r.differenceStandardError),
        fixed(r.poster, 1),
        fixed(searchGap[i]!),
        pm(r.dPrime.flexible.slope, r.dPrime.flexible.slopeStandardError, 4),
        pm(r.dPrime.equal.slope, r.dPrime.equal.slopeStandardError, 4),
      ]),
    ),
    '',
    'Where ours and the poster differ:',
    '',
    '- Under these rules budgets 3 and 6 define the same objective, as do 9 and 12, 15 and 18, 21 and 24: the second path of each pair differs from the first only in the last move, whose memories are known (sigma 1 against reward gaps of 40 or more), so it never beats the first (a tested property of the allocator). The poster\'s 5 against 10.6 at 3 and 6 cannot both be optima of this model; its spread between such pairs measures the noise of its optimisation (fresh trials at every evaluation, 10 restarts averaged, a 50-step Bayesian optimisation for equal precision).',
    '- The poster\'s negative gaps at 21 and 24 (-1.5, -1.3) are below the model\'s bound: equal precision is one flexible allocation, so an exact optimum gives flexible - equal >= 0. Ours is 0 within its standard error there.',
    '- The column "on the search trials" is flexible - equal on the common trials the optimisers saw: the 24 flexible sigmas fit those trials\' noise more than the one equal sigma does, so the gap measured there exceeds the gap on fresh trials. A gap reported from the optimiser\'s own scores, or an equal optimum missed by a few sigma points (the equal objective falls by 3 to 4 points 15 sigma away from its optimum at budget 3), widens the gap toward the poster\'s.',
    '',
    ...checkLines(results.checks.filter((x) => x.id.startsWith('planning.'))),
    '',
    ...figureLines(figures, 'fig3-'),
  );
  return lines;
}

function objectivesSection(results: ReproduceResults, figures: readonly Figure[]): string[] {
  const o = results.objectives!;
  const s = results.settings.objectives;
  const lines: string[] = [];
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
  return lines;
}
