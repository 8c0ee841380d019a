import type { TabularModel } from '@dra/core';
import type { OutcomeEntry, TabularModelFile } from './tabular-model-file.js';

/** What an export may say beyond the model. */
export interface TabularModelExportOptions {
  /** Steps after which an episode is truncated; omitted when it equals the horizon or is infinite. */
  stepLimit?: number;
  stateNames?: readonly string[];
  /** Action names: one list shared by every state, or one list per state. */
  actionNames?: readonly string[] | readonly (readonly string[])[];
  description?: string;
}

/**
 * A model in the tabular file format: states and actions as string keys, as json.dump writes
 * them. `readTabularModelFile` reads it back to the same model when the model is what such a
 * file gives: no two outcomes of a state-action with the same next state and reward, no outcome
 * of probability 0, and every terminal state entered by some transition (the built-in tasks
 * are; tests check maze and huys bit for bit). A transition into a
 * terminal state is flagged terminated. A terminal state with memories (the maze's goal cell
 * keeps four) has its transitions written and its memory count kept in `actionsPerState`.
 */
export function tabularModelFileOf(model: TabularModel, options: TabularModelExportOptions = {}): TabularModelFile {
  const P: Record<string, Record<string, OutcomeEntry[]>> = {};
  let terminalWithMemories = false;
  const counts: number[] = [];
  for (let s = 0; s < model.stateCount; s++) {
    const row: Record<string, OutcomeEntry[]> = {};
    const count = model.actionStart[s + 1]! - model.actionStart[s]!;
    counts.push(count);
    if (model.terminal[s] === 1 && count > 0) terminalWithMemories = true;
    for (let a = 0; a < count; a++) {
      const i = model.actionStart[s]! + a;
      const list: OutcomeEntry[] = [];
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
        const next = model.nextState[j]!;
        list.push([model.probability[j]!, next, model.reward[j]!, model.terminal[next] === 1]);
      }
      row[String(a)] = list;
    }
    P[String(s)] = row;
  }
  const file: TabularModelFile = { P, start: Array.from(model.start) };
  if (Number.isFinite(model.horizon)) file.horizon = model.horizon;
  const limit = options.stepLimit;
  if (limit !== undefined && Number.isFinite(limit) && limit !== model.horizon) file.timeLimit = limit;
  if (terminalWithMemories) file.actionsPerState = counts.every((c) => c === counts[0]) ? counts[0]! : counts;
  if (options.stateNames !== undefined || options.actionNames !== undefined) {
    file.names = {
      ...(options.stateNames === undefined ? {} : { states: [...options.stateNames] }),
      ...(options.actionNames === undefined ? {} : { actions: options.actionNames.map((a) => (typeof a === 'string' ? a : [...a])) as string[] | string[][] }),
    };
  }
  if (options.description !== undefined) file.description = options.description;
  return file;
}
