import type { RunSettings } from '@dra/agent';
import { objectiveName, titleParts } from './figure-style.js';

/**
 * A label per run naming the settings that tell it apart from the others, seed excepted
 * (e.g. "sigma0=1", "Eq. 8, lambda=0.2"); runs that differ only by seed share a label, so
 * figures pool them as seeds of one series. With nothing to tell apart, the objective ("DRA").
 */
export function seriesLabels(settings: readonly RunSettings[]): string[] {
  const flat = settings.map(flatten);
  const keys = distinctKeys(flat);
  return flat.map((f, i) => (keys.length === 0 ? objectiveName(settings[i]!.objective) : keys.map((k) => setting(k, f[k])).join(', ')));
}

/**
 * The heading of one run's maps: environment, objective, what tells it apart from the other
 * runs plotted with it, lambda, sigma0, seed and the episode of the memory drawn, each once:
 * "maze · DRA · lambda=0.1 · sigma0=3 · seed 2 · episode 300".
 */
export function runHeadings(settings: readonly RunSettings[]): string[] {
  const flat = settings.map(flatten);
  const keys = distinctKeys(flat).filter((k) => !SHOWN.has(k));
  return settings.map((s, i) =>
    titleParts(s.env, objectiveName(s.objective), ...keys.map((k) => setting(k, flat[i]![k])), `lambda=${s.lambda}`, `sigma0=${s.sigma0}`, `seed ${s.seed}`, `episode ${s.episodes}`),
  );
}

/**
 * A title for figures of all the runs: "maze · DRA · lambda=0.1 · sigma0=3 · seed 2" for one
 * run; for several, the environments and objectives, the settings that tell the series apart
 * and the seeds: "maze · DRA · by sigma0 · seeds 1, 2".
 */
export function runsTitle(settings: readonly RunSettings[]): string {
  if (settings.length === 1) {
    const s = settings[0]!;
    return titleParts(s.env, objectiveName(s.objective), `lambda=${s.lambda}`, `sigma0=${s.sigma0}`, `seed ${s.seed}`);
  }
  const unique = (values: readonly (string | number)[]) => [...new Set(values)];
  const keys = distinctKeys(settings.map(flatten)).filter((k) => k !== 'env' && k !== 'objective');
  const seeds = unique(settings.map((s) => s.seed));
  return titleParts(
    unique(settings.map((s) => s.env)).join(', '),
    unique(settings.map((s) => objectiveName(s.objective))).join(', '),
    keys.length > 0 ? `by ${keys.join(', ')}` : null,
    `seed${seeds.length === 1 ? '' : 's'} ${seeds.join(', ')}`,
  );
}

/** Settings drawn in every heading, whether or not they differ between runs. */
const SHOWN = new Set(['env', 'objective', 'lambda', 'sigma0', 'seed', 'episodes']);

/** Setting names (seed excepted) whose values differ between runs. */
function distinctKeys(flat: readonly Record<string, string>[]): string[] {
  return [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => k !== 'seed' && new Set(flat.map((f) => f[k] ?? '')).size > 1);
}

/** One setting in a label: the objective by its name ("Eq. 8"), any other as key=value. */
const setting = (key: string, value: string | undefined) => (key === 'objective' && value !== undefined ? objectiveName(value) : `${key}=${value ?? '-'}`);

function flatten(settings: RunSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'envOptions') for (const [option, v] of Object.entries(settings.envOptions)) out[option] = JSON.stringify(v);
    else out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
