// `pnpm verify:anchor`: the full statistical cross-check of the TypeScript agent against the
// C reference (tooling/maze-reference-c). Runs both implementations on the same number of
// seeds (paper settings) and prints the means, the standard deviations and the z-score of the
// difference for the figures of the C reference's README. Exits 0 when every |z| < 4, 1 when
// one is larger, 2 when the C reference cannot be built (no C compiler, for one).
import { execFileSync } from 'node:child_process';
import { defaultSettings, runExperiment } from '@dra/agent';
import { buildCReference, C_REFERENCE } from './anchor.mjs';

const seeds = Number(process.env.SEEDS ?? 20);
const { binary: reference, reason } = buildCReference();
if (reference === null) {
  console.error(`${reason}; cannot verify against ${C_REFERENCE}`);
  process.exit(2);
}
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));
const c = (episodes, seed, sigma0) => JSON.parse(execFileSync(reference, [String(episodes), String(seed), String(sigma0)], { encoding: 'utf8' }));
const ts = (episodes, seed, sigma0) => runExperiment({ ...defaultSettings('maze'), episodes, seed, sigma0 });

const checks = [
  ['final objective, 1000 episodes', 1000, 3, (r) => r.final_objective, (r) => r.final.objective],
  ['steps per run, 1000 episodes', 1000, 3, (r) => r.steps, (r) => r.steps.total],
  ['final objective, 5000 episodes', 5000, 3, (r) => r.final_objective, (r) => r.final.objective],
  ['objective at episode 500, sigma0 = 1', 501, 1, (r) => r.objective[5], (r) => r.curve[5].objective],
  ['objective at episode 500, sigma0 = 5', 501, 5, (r) => r.objective[5], (r) => r.curve[5].objective],
];
console.log(`${seeds} seeds each; z = difference of means / its standard error`);
let worst = 0;
for (const [name, episodes, sigma0, pickC, pickTs] of checks) {
  const a = [];
  const b = [];
  for (let s = 1; s <= seeds; s++) {
    a.push(pickC(c(episodes, s, sigma0)));
    b.push(pickTs(ts(episodes, s, sigma0)));
  }
  const z = (mean(b) - mean(a)) / Math.sqrt(sd(a) ** 2 / seeds + sd(b) ** 2 / seeds);
  worst = Math.max(worst, Math.abs(z));
  console.log(`${name}: C ${mean(a).toFixed(3)} +- ${sd(a).toFixed(3)}, TypeScript ${mean(b).toFixed(3)} +- ${sd(b).toFixed(3)}, z = ${z.toFixed(2)}`);
}
console.log(worst < 4 ? 'agreement: every |z| < 4' : `DISAGREEMENT: max |z| = ${worst.toFixed(2)}`);
process.exit(worst < 4 ? 0 : 1);
