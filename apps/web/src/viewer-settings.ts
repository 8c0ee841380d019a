import { describeType, isValid, MAZE_PAPER_SETTINGS, settingMessage, SETTING_SPECS, settingType, showText, type NumberType, type Relation, type SettingType } from '@dra/agent';
import type { ObjectiveId } from '@dra/objectives';
import type { ViewerSettings } from './training-messages.js';

/**
 * A field of the settings form: a run setting of the settings table (`SETTING_SPECS` in
 * @dra/agent), its type narrowed where the viewer has limits of its own, or a field of the viewer.
 */
interface FormField {
  name: string;
  type: SettingType;
  description: string;
  /** Step of the number input's arrows (default: 1 for whole numbers, any for numbers). */
  step?: number;
  /** The spec's relations: a range within two other settings bounds the input by their maze paper values. */
  relations?: readonly Relation[];
}

/** The run settings the form sets, in its order; the other settings are the maze's paper settings. */
const SETTING_FIELDS: readonly FormField[] = [
  { name: 'objective', type: SETTING_SPECS.objective.type, description: SETTING_SPECS.objective.description },
  { name: 'lambda', type: SETTING_SPECS.lambda.type, description: SETTING_SPECS.lambda.description },
  { name: 'beta', type: SETTING_SPECS.beta.type, description: SETTING_SPECS.beta.description },
  { name: 'sigma0', type: SETTING_SPECS.sigma0.type, description: SETTING_SPECS.sigma0.description, relations: SETTING_SPECS.sigma0.relations },
  { name: 'seed', type: SETTING_SPECS.seed.type, description: SETTING_SPECS.seed.description },
  // The viewer keeps a run to a million episodes.
  { name: 'episodes', type: settingType.integer({ gte: 1, lte: 1_000_000 }), description: SETTING_SPECS.episodes.description, step: 100 },
];

/** The viewer's own fields: the maze's goal switch, and the pace of the snapshots. */
const SWITCH_AT: FormField = { name: 'switchAt', type: settingType.integer({ gte: 0 }), description: 'episode of the goal switch' };
const PACE: FormField = { name: 'pace', type: settingType.number({ gte: 0, lte: 1000 }), description: 'milliseconds the worker waits after each snapshot' };

/** The input's min or max: a constant bound of the type, else a setting it must lie within at its maze paper value (sigma0's clip range). */
function boundAttribute(field: FormField, t: NumberType, which: 'min' | 'max'): string | undefined {
  const paper = (setting: string) => String(MAZE_PAPER_SETTINGS[setting as 'sigmaMin']);
  const within = field.relations?.find((r) => r.kind === 'within');
  if (within?.kind === 'within') return paper(which === 'min' ? within.low : within.high);
  const bound = which === 'min' ? (t.gte ?? t.gt) : (t.lte ?? t.lt);
  if (bound === undefined) return undefined;
  return typeof bound === 'number' ? String(bound) : paper(bound.setting);
}

/** The control of one field: a select for a choice of ids, a number input otherwise, with the table's range and default. */
function control(document: Document, field: FormField, value: unknown): HTMLElement {
  const t = field.type;
  if (t.kind === 'enum') {
    const select = document.createElement('select');
    select.name = field.name;
    for (const id of t.ids) select.add(new Option(t.labels?.[id] ?? id, id, id === value, id === value));
    return select;
  }
  const input = document.createElement('input');
  Object.assign(input, { name: field.name, type: 'number', value: String(value), required: true });
  if (t.kind === 'number') {
    input.step = String(field.step ?? (t.integer ? 1 : 'any'));
    const min = boundAttribute(field, t, 'min');
    const max = boundAttribute(field, t, 'max');
    if (min !== undefined) input.min = min;
    if (max !== undefined) input.max = max;
  }
  return input;
}

/**
 * Fills `container` with one labelled control per run setting the viewer sets: its name as the
 * label, its description as the tooltip, its range and its maze paper value from the table.
 */
export function renderSettingFields(container: HTMLElement): void {
  const document = container.ownerDocument;
  const labels = SETTING_FIELDS.map((field) => {
    const label = document.createElement('label');
    label.title = field.description;
    label.append(`${field.name} `, control(document, field, MAZE_PAPER_SETTINGS[field.name as 'lambda']));
    return label;
  });
  container.replaceWith(...labels);
}

/**
 * Reads the settings form. Every problem names the field and the value ("<name> must be
 * <expected>, got '<text>'", the table's words); the worker checks the rest (e.g. sigma0 inside
 * the clip range) with the agent's own validation.
 */
export function readSettings(form: HTMLFormElement): { settings: ViewerSettings | null; problems: string[] } {
  const data = new FormData(form);
  const problems: string[] = [];
  const read = (field: FormField): number => {
    const text = String(data.get(field.name) ?? '');
    const v = text.trim() === '' ? NaN : Number(text);
    if (!isValid(field.type, v)) problems.push(settingMessage(field.name, describeType(field.type, { finite: false }), text, showText));
    return v;
  };
  const byName = (name: string) => SETTING_FIELDS.find((f) => f.name === name)!;
  const objective = String(data.get('objective')) as ObjectiveId;
  if (!isValid(SETTING_SPECS.objective.type, objective)) problems.push(settingMessage('objective', describeType(SETTING_SPECS.objective.type), objective, showText));
  const settings: ViewerSettings = {
    objective,
    lambda: read(byName('lambda')),
    beta: read(byName('beta')),
    sigma0: read(byName('sigma0')),
    seed: read(byName('seed')),
    episodes: read(byName('episodes')),
    switchAt: data.get('switch') === 'on' ? read(SWITCH_AT) : null,
    paceMs: read(PACE),
  };
  return { settings: problems.length === 0 ? settings : null, problems };
}
