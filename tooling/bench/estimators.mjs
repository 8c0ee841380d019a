// `pnpm bench:estimators`: the sigma-gradient estimators judged by the exact evaluator
// (docs/estimators.md). For each task and objective, runs trained with each estimator at the
// paper's settings end with a memory whose objective is evaluated exactly; the table gives the
// mean and standard error over seeds. Eq. 8 and Eq. 10 are also trained along the exact
// gradient (--exact-gradient) from the same start, with the same step rule: the reference a
// stochastic estimator should come close to. A last table gives the variance of one episode's
// gradient estimate at a fixed maze memory, relative to the causal estimator's.
//
//   node tooling/bench/estimators.mjs [--seeds 10] [--episodes 1000,5000] [--exact-seeds 2]
//        [--exact-episodes 1000] [--huys-episodes 1000,60000] [--huys-exact-episodes 1000]
//        [--tasks maze,huys] [--variance-episodes 4000] [--threads 2] [--json FILE] [--quick]
//
// The exact gradient costs one exact evaluation per episode (about 0.3 s on the maze, 0.03 to
// 0.2 s on the planning task), so the references run on fewer seeds and, on the planning task,
// fewer trials than its 60 000; the stochastic estimators run at those lengths too.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { defaultSettings, rollout, runExperiment } from '@dra/agent';
import { MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import { createObjective, evaluateExactly } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';

/** One training run: its settings, and the exact value of its final memory. */
function trainOne(job) {
  const registry = createBuiltInRegistry();
  const settings = { ...defaultSettings(job.env, registry), ...job.settings };
  const record = runExperiment(settings, { registry, exactFinal: true });
  const sigma = record.memory.sigma.flat();
  const atClip = sigma.filter((s) => s >= settings.sigmaMax * (1 - 1e-9)).length;
  return { ...job, exact: record.exactFinal, maxSigma: Math.max(...sigma), atClip, seconds: record.seconds };
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const seeds = Number(option('seeds', quick ? 3 : 10));
  const episodes = option('episodes', quick ? '1000' : '1000,5000').split(',').map(Number);
  const exactSeeds = Number(option('exact-seeds', quick ? 1 : 2));
  const exactEpisodes = option('exact-episodes', '1000').split(',').map(Number);
  const huysEpisodes = option('huys-episodes', quick ? '500' : '1000,60000').split(',').map(Number);
  const huysExactEpisodes = option('huys-exact-episodes', quick ? '500' : '1000').split(',').map(Number);
  const tasks = option('tasks', 'maze,huys').split(',');
  const varianceEpisodes = Number(option('variance-episodes', quick ? 1000 : 4000));
  const threads = Number(option('threads', Math.min(2, availableParallelism())));
  const jsonFile = option('json', undefined);

  const jobs = [];
  const add = (group, env, label, settings, seedCount, lengths) => {
    for (const n of lengths) for (let seed = 1; seed <= seedCount; seed++) jobs.push({ group, env, label, settings: { ...settings, episodes: n, seed }, index: jobs.length });
  };
  for (const env of tasks) {
    const preset = defaultSettings(env);
    const paperEstimator = preset.estimator;
    const lengths = env === 'maze' ? episodes : huysEpisodes;
    const exactLengths = env === 'maze' ? exactEpisodes : huysExactEpisodes;
    const eq10 = env === 'maze' ? { objective: 'eq10', tRef: 'realised' } : { objective: 'eq10', tRef: null };
    // DRA: the paper's estimator and step against the unbiased ones.
    add('dra', env, `${paperEstimator} (paper, constant step)`, { objective: 'dra', estimator: paperEstimator, sigmaStep: 'constant' }, seeds, lengths);
    if (paperEstimator !== 'A') add('dra', env, 'A (constant step)', { objective: 'dra', estimator: 'A', sigmaStep: 'constant' }, seeds, lengths);
    for (const estimator of ['critic', 'causal']) add('dra', env, `${estimator} (adam)`, { objective: 'dra', estimator, sigmaStep: 'adam' }, seeds, lengths);
    add('dra', env, 'critic (constant step)', { objective: 'dra', estimator: 'critic', sigmaStep: 'constant' }, env === 'maze' ? Math.min(seeds, 3) : seeds, env === 'maze' ? lengths.slice(0, 1) : lengths);
    add('dra', env, 'exact gradient (adam)', { objective: 'dra', estimator: 'critic', sigmaStep: 'adam', exactGradient: true }, exactSeeds, exactLengths);
    // Eq. 8 and Eq. 10: stochastic estimators against exact-gradient ascent with the same step rule.
    for (const [group, objective] of [['eq8', { objective: 'eq8' }], ['eq10', eq10]]) {
      for (const estimator of ['critic', 'causal']) add(group, env, `${estimator} (adam)`, { ...objective, estimator, sigmaStep: 'adam' }, seeds, lengths);
      add(group, env, 'causal (constant step)', { ...objective, estimator: 'causal', sigmaStep: 'constant' }, Math.min(seeds, 3), lengths.slice(0, 1));
      add(group, env, 'critic (constant step)', { ...objective, estimator: 'critic', sigmaStep: 'constant' }, env === 'maze' ? Math.min(seeds, 3) : seeds, env === 'maze' ? lengths.slice(0, 1) : lengths);
      add(group, env, 'exact gradient (adam)', { ...objective, estimator: 'critic', sigmaStep: 'adam', exactGradient: true }, exactSeeds, exactLengths);
    }
  }

  const started = performance.now();
  const results = await runPool(jobs, threads);
  const seconds = (performance.now() - started) / 1000;
  const tables = summarise(results);
  print(tables);
  const variance = tasks.includes('maze') ? varianceTable(varianceEpisodes) : [];
  printVariance(variance, varianceEpisodes);
  console.log(`\n${jobs.length} runs on ${threads} threads in ${seconds.toFixed(0)} s`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ tables, variance, runs: results }, null, 1)}\n`);
}

/** Runs the jobs on worker threads, longest (exact gradient, then most episodes) first. */
async function runPool(jobs, threads) {
  const order = [...jobs].sort((a, b) => weight(b) - weight(a));
  const results = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(fileURLToPath(import.meta.url)));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve, reject) => {
          const feed = () => {
            if (next >= order.length) return resolve(worker.terminate());
            worker.postMessage(order[next++]);
          };
          worker.on('message', (result) => {
            results[result.index] = result;
            process.stderr.write(`\r${++done}/${jobs.length} runs`);
            feed();
          });
          worker.on('error', reject);
          feed();
        }),
    ),
  );
  process.stderr.write('\n');
  return results;
}

const weight = (job) => (job.settings.exactGradient ? 1000 : 1) * job.settings.episodes;

function stat(values) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const se = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) / n) : NaN;
  return { mean, se, n };
}

/** Per task, objective and episode count: each estimator's exact final objective over seeds. */
function summarise(results) {
  const keys = new Map();
  for (const r of results) {
    const key = `${r.env}|${r.group}|${r.settings.episodes}`;
    if (!keys.has(key)) keys.set(key, new Map());
    const byLabel = keys.get(key);
    if (!byLabel.has(r.label)) byLabel.set(r.label, []);
    byLabel.get(r.label).push(r);
  }
  return [...keys].map(([key, byLabel]) => {
    const [env, group, episodes] = key.split('|');
    const rows = [...byLabel].map(([label, runs]) => ({
      label,
      objective: stat(runs.map((r) => r.exact.objective)),
      return: stat(runs.map((r) => r.exact.return)),
      memoryCost: stat(runs.map((r) => r.exact.memoryCost)),
      maxSigma: Math.max(...runs.map((r) => r.maxSigma)),
      atClip: Math.max(...runs.map((r) => r.atClip)),
      seconds: stat(runs.map((r) => r.seconds)).mean,
    }));
    const reference = rows.find((r) => r.label.startsWith('exact gradient'));
    for (const row of rows) if (reference && row !== reference) row.gapToExact = (reference.objective.mean - row.objective.mean) / Math.abs(reference.objective.mean);
    return { env, objective: group, episodes: Number(episodes), rows };
  });
}

const pm = ({ mean, se }) => `${mean.toFixed(3)} +- ${Number.isFinite(se) ? se.toFixed(3) : 'n/a'}`;

function print(tables) {
  for (const t of tables) {
    console.log(`\n${t.env}, ${t.objective}, ${t.episodes} episodes: exact objective of the final memory (mean +- s.e. over seeds)`);
    const lines = [['estimator (step)', 'seeds', 'exact objective', 'return', 'memory cost', 'below exact', 'max sigma', 'at clip', 's/run']];
    for (const r of t.rows) {
      lines.push([r.label, String(r.objective.n), pm(r.objective), pm(r.return), pm(r.memoryCost), r.gapToExact === undefined ? '' : `${(100 * r.gapToExact).toFixed(1)} %`, r.maxSigma.toFixed(2), String(r.atClip), r.seconds.toFixed(1)]);
    }
    const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
    for (const l of lines) console.log(`  ${l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
  }
}

/**
 * Variance of one episode's gradient estimate at a fixed memory: the maze trained 300
 * episodes with the paper's settings. Each estimator first sees 500 episodes (so learned
 * baselines and critics settle), then `n` episodes are averaged. Total variance = the sum over
 * memories of the per-memory variance; the largest |z| against the exact gradient is a bias check.
 */
function varianceTable(n) {
  const registry = createBuiltInRegistry();
  const settings = { ...defaultSettings('maze', registry), episodes: 300, seed: 1 };
  const memory = MemoryTable.fromRows(runExperiment(settings, { registry }).memory);
  const maze = registry.create('maze', {});
  const policy = new SoftThompson({ beta: settings.beta });
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  const rows = [];
  for (const [objective, tRef, estimators] of [
    ['dra', undefined, ['A', 'R', 'causal', 'state-baseline', 'all-actions', 'q-critic', 'critic']],
    ['eq8', undefined, ['causal', 'all-actions', 'critic']],
    ['eq10', 'realised', ['causal', 'all-actions', 'critic']],
  ]) {
    const exact = evaluateExactly(maze.model, memory, { objective, beta: settings.beta, lambda: settings.lambda, sigmaBase: settings.sigmaBase, ...(tRef ? { tRef } : {}) }).gradient;
    let causal = NaN;
    for (const estimator of estimators) {
      const estimate = createObjective({ objective, estimator, lambda: settings.lambda, sigmaBase: settings.sigmaBase, ...(tRef ? { tRef } : {}) });
      const rng = Rng.create(7);
      const g = new Float64Array(memory.size);
      const sum = new Float64Array(memory.size);
      const squares = new Float64Array(memory.size);
      const started = performance.now();
      for (let e = -500; e < n; e++) {
        g.fill(0);
        rollout(maze, policy, memory, rng, buffer);
        estimate.accumulateEpisode(buffer, memory, policy, g, rng);
        estimate.finishGradient(memory, g, 1);
        if (e < 0) continue;
        for (let i = 0; i < g.length; i++) {
          sum[i] += g[i];
          squares[i] += g[i] * g[i];
        }
      }
      const seconds = (performance.now() - started) / 1000;
      let total = 0;
      let maxZ = 0;
      for (let i = 0; i < g.length; i++) {
        const mean = sum[i] / n;
        const variance = Math.max(0, squares[i] / n - mean * mean);
        total += variance;
        if (variance > 0) maxZ = Math.max(maxZ, Math.abs(mean - exact[i]) / Math.sqrt(variance / n));
      }
      if (estimator === 'causal') causal = total;
      rows.push({ objective, estimator, totalVariance: total, relativeToCausal: total / causal, maxAbsZ: maxZ, seconds, unbiased: estimate.estimator.unbiased });
    }
  }
  return rows;
}

function printVariance(rows, n) {
  if (rows.length === 0) return;
  console.log(`\nmaze, memory after 300 paper episodes: variance of one episode's gradient (sum over memories; ${n} episodes after 500 to settle)`);
  console.log('  objective  estimator       total variance  / causal  max |z| vs exact   time (s)');
  for (const r of rows) {
    console.log(
      `  ${r.objective.padEnd(9)}  ${r.estimator.padEnd(14)}  ${r.totalVariance.toExponential(3).padStart(14)}  ${Number.isFinite(r.relativeToCausal) ? r.relativeToCausal.toFixed(3).padStart(8) : '       -'}  ${r.maxAbsZ.toFixed(1).padStart(8)}${r.unbiased ? '' : ' (biased)'}  ${r.seconds.toFixed(1).padStart(9)}`,
    );
  }
}

if (!isMainThread) {
  parentPort.on('message', (job) => parentPort.postMessage(trainOne(job)));
} else {
  await main();
}
