import type { RunSettings } from '@dra/agent';

/**
 * A label per run naming the settings that tell it apart from the others, seed excepted
 * (e.g. "sigma0=1", "objective=eq8, lambda=0.2"); runs that differ only by seed share a
 * label, so figures pool them as seeds of one series. With nothing to tell apart, the
 * environment and objective.
 */
export function seriesLabels(settings: readonly RunSettings[]): string[] {
  const flat = settings.map(flatten);
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => k !== 'seed' && new Set(flat.map((f) => f[k] ?? '')).size > 1);
  return flat.map((f, i) => (keys.length === 0 ? `${settings[i]!.env} ${settings[i]!.objective}` : keys.map((k) => `${k}=${f[k] ?? '-'}`).join(', ')));
}

function flatten(settings: RunSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'envOptions') for (const [option, v] of Object.entries(settings.envOptions)) out[option] = JSON.stringify(v);
    else out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
