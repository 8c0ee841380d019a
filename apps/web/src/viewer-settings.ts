import { OBJECTIVE_IDS, type ObjectiveId } from '@dra/objectives';
import type { ViewerSettings } from './training-messages.js';

/**
 * Reads the settings form. Every problem names the field and the value; the worker checks
 * the rest (e.g. sigma0 inside the clip range) with the agent's own validation.
 */
export function readSettings(form: HTMLFormElement): { settings: ViewerSettings | null; problems: string[] } {
  const data = new FormData(form);
  const problems: string[] = [];
  const number = (name: string, ok: (v: number) => boolean, expected: string) => {
    const text = String(data.get(name) ?? '');
    const v = text.trim() === '' ? NaN : Number(text);
    if (!ok(v)) problems.push(`${name} must be ${expected}, got '${text}'`);
    return v;
  };
  const finite = Number.isFinite;
  const objective = String(data.get('objective')) as ObjectiveId;
  if (!(OBJECTIVE_IDS as readonly string[]).includes(objective)) problems.push(`objective must be one of ${OBJECTIVE_IDS.join(', ')}, got '${objective}'`);
  const settings: ViewerSettings = {
    objective,
    lambda: number('lambda', (v) => finite(v) && v >= 0, 'a number >= 0'),
    beta: number('beta', (v) => finite(v) && v > 0, 'a number > 0'),
    sigma0: number('sigma0', (v) => finite(v) && v > 0, 'a number > 0'),
    seed: number('seed', (v) => Number.isSafeInteger(v) && v >= 0, 'a whole number >= 0'),
    episodes: number('episodes', (v) => Number.isSafeInteger(v) && v >= 1 && v <= 1_000_000, 'a whole number from 1 to 1000000'),
    switchAt: data.get('switch') === 'on' ? number('switchAt', (v) => Number.isSafeInteger(v) && v >= 0, 'a whole number >= 0') : null,
    paceMs: number('pace', (v) => finite(v) && v >= 0 && v <= 1000, 'a number from 0 to 1000'),
  };
  return { settings: problems.length === 0 ? settings : null, problems };
}
