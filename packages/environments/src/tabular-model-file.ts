import { buildTabularModel, EnvironmentFileError, type Outcome, type TabularModel } from '@dra/core';
import { actionNamesOf, actionsPerStateOf, indexedList, isRecord, optionalNames, optionalWhole, show, type Fail } from './tabular-model-file-fields.js';

/**
 * The tabular MDP file format (README "Tabular models from files"; JSON Schema:
 * `tabular-model.schema.json` of this package). It is what Gymnasium's toy-text environments
 * give in Python with
 * `json.dump({"P": env.unwrapped.P, "start": list(map(float, env.unwrapped.initial_state_distrib))}, f, default=int)`:
 * `P[state][action]` lists the outcomes `[probability, next state, reward, terminated]`, with
 * states and actions either as string keys "0", "1", ... (what json.dump makes of integer keys)
 * or as plain arrays.
 */
export interface TabularModelFile {
  P: Record<string, Record<string, OutcomeEntry[]> | OutcomeEntry[]> | (Record<string, OutcomeEntry[]> | OutcomeEntry[])[];
  start: number[];
  /** Fixed number of moves of every episode (it may end earlier at a terminal state). */
  horizon?: number;
  /** Steps after which an episode is cut off (truncated, not terminated); Gymnasium's max_episode_steps. */
  timeLimit?: number;
  /**
   * Memories (actions) of every state, one number for all or one per state: checked against
   * `P` for live states; a terminal state keeps this many memories (never used in an episode,
   * but in the memory table and its cost, as the maze's goal cell).
   */
  actionsPerState?: number | number[];
  names?: { states?: string[]; actions?: string[] | string[][] };
  description?: string;
}

/** `[probability, next state, reward, terminated]`; terminated may be written 0 or 1. */
export type OutcomeEntry = [number, number, number, boolean | 0 | 1];

/** A model read from a file, with what the file says beyond the model. */
export interface TabularModelFromFile {
  model: TabularModel;
  /** A name per model state (file states first, then the terminal copies). */
  stateNames: string[];
  /** The action names of every model state. */
  actionNames: string[][];
  /** The file's time limit, or null. */
  timeLimit: number | null;
  /** For every terminal copy (model states file states .. end), the file state it copies. */
  terminalCopyOf: number[];
  description: string | null;
}

/** Tolerance on a sum of probabilities (per state-action, and of the start distribution). */
export const FILE_PROBABILITY_TOLERANCE = 1e-9;

/** Fields a model file may hold; any other is refused (a typo would otherwise be ignored). */
const FILE_FIELDS = ['P', 'start', 'horizon', 'timeLimit', 'actionsPerState', 'names', 'description'];


/**
 * Maps a parsed model file to the toolkit's model, with Gymnasium's semantics (terminated is a
 * property of a transition):
 * - a state entered by a transition flagged terminated out of a live state, and by no unflagged
 *   transition out of a live state, is terminal unless it is a start state: absorbing, no actions
 *   (unless `actionsPerState` keeps its memories), and the transitions out of it are not used;
 * - a state entered both ways (a reset counts as unflagged) stays live for the unflagged
 *   transitions, and the flagged ones lead to a terminal copy of it, appended after the file's
 *   states (Taxi's drop-off states);
 * - outcomes of one state-action that lead to the same model state with the same reward are
 *   merged, their probabilities summed (FrozenLake lists some twice), in the order they first
 *   appear; with different rewards they stay two outcomes, since the reward belongs to the
 *   transition (slippery CliffWalking: from the start, a slip left stays at -1 and a slip into
 *   the cliff returns there at -100).
 * Errors name the file (`source`), the state, the action and the rule.
 */
export function readTabularModelFile(data: unknown, source: string): TabularModelFromFile {
  const fail: Fail = (where, rule) => {
    throw new EnvironmentFileError(`model file ${source}: ${where === '' ? '' : `${where}: `}${rule}`);
  };
  if (!isRecord(data)) return fail('', 'expected a JSON object with fields P and start');
  for (const key of Object.keys(data)) {
    if (!FILE_FIELDS.includes(key)) fail('', `unknown field ${show(key)} (fields: ${FILE_FIELDS.join(', ')})`);
  }
  const rows = indexedList(data.P, 'P', fail);
  const n = rows.length;
  if (n === 0) fail('P', 'has no states');
  const stateNames = optionalNames(data.names, 'states', n, fail);
  const where: Where = (s, a) => `state ${s}${stateNames === null ? '' : ` (${show(stateNames[s])})`}${a === undefined ? '' : `, action ${a}`}`;

  const file = readOutcomes(rows, where, fail);
  const startMass = startProbabilities(data.start, n, fail);
  const terminal = terminalStates(file, startMass);
  const { copyIndex, terminalCopyOf } = terminalCopies(file, terminal);
  const total = n + terminalCopyOf.length;
  const actions = modelRows(file, terminal, copyIndex, actionsPerStateOf(data.actionsPerState, n, fail), where, fail);
  for (let c = 0; c < terminalCopyOf.length; c++) actions.push([]);
  const start = new Float64Array(total);
  start.set(startMass);
  normaliseNearOne(start, 0, total);

  const horizon = optionalWhole(data.horizon, 'horizon', fail);
  const timeLimit = optionalWhole(data.timeLimit, 'timeLimit', fail);
  const terminalFlags = new Uint8Array(total);
  terminalFlags.set(terminal);
  terminalFlags.fill(1, n);
  const model = buildTabularModel({ actions, start, terminal: terminalFlags, horizon: horizon ?? Infinity });

  const names = stateNames ?? Array.from({ length: n }, (_, s) => String(s));
  const allNames = [...names, ...terminalCopyOf.map((s) => `${names[s]} (terminal)`)];
  const actionNames = actionNamesOf(data.names, model, n, fail);
  const description = data.description === undefined ? null : typeof data.description === 'string' ? data.description : fail('description', `expected a string, got ${show(data.description)}`);
  return { model, stateNames: allNames, actionNames, timeLimit, terminalCopyOf, description };
}

type Where = (state: number, action?: number) => string;

/** Every outcome of the file, checked and kept as written, with its terminated flag. */
interface FileOutcomes {
  outcomes: Outcome[][][];
  flagged: boolean[][][];
}

/** Calls `visit` for every outcome with positive probability: its state, and whether it is flagged terminated. */
function forEachOutcome(file: FileOutcomes, visit: (s: number, o: Outcome, flagged: boolean) => void): void {
  file.outcomes.forEach((actions, s) => actions.forEach((list, a) => list.forEach((o, k) => o.probability > 0 && visit(s, o, file.flagged[s]![a]![k]!))));
}

function readOutcomes(rows: unknown[], where: Where, fail: Fail): FileOutcomes {
  const n = rows.length;
  const file: FileOutcomes = { outcomes: [], flagged: [] };
  for (let s = 0; s < n; s++) {
    const actions = indexedList(rows[s], `P[${s}]`, fail);
    file.outcomes.push([]);
    file.flagged.push([]);
    for (let a = 0; a < actions.length; a++) {
      const list = actions[a];
      if (!Array.isArray(list)) fail(where(s, a), `expected a list of [probability, next state, reward, terminated], got ${show(list)}`);
      const kept: Outcome[] = [];
      const flags: boolean[] = [];
      for (const entry of list as unknown[]) {
        if (!Array.isArray(entry) || entry.length !== 4) fail(where(s, a), `an outcome must be [probability, next state, reward, terminated], got ${show(entry)}`);
        const [p, next, reward, terminated] = entry as unknown[];
        if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(where(s, a), `probability ${show(p)} is not a number in [0, 1]`);
        if (typeof next !== 'number' || !Number.isInteger(next) || next < 0 || next >= n) fail(where(s, a), `next state ${show(next)} is outside the states 0..${n - 1}`);
        if (typeof reward !== 'number' || !Number.isFinite(reward)) fail(where(s, a), `reward ${show(reward)} is not a finite number`);
        if (!(typeof terminated === 'boolean' || terminated === 0 || terminated === 1)) fail(where(s, a), `terminated ${show(terminated)} is not true or false`);
        kept.push({ next: next as number, probability: p as number, reward: reward as number });
        flags.push(terminated === true || terminated === 1);
      }
      file.outcomes[s]!.push(kept);
      file.flagged[s]!.push(flags);
    }
  }
  return file;
}

/**
 * 1 for terminal states: entered by a flagged transition from a live state, by no unflagged one
 * from a live state, and not a start state (a reset enters it, unflagged). A fixed point, since
 * which states are live depends on which are terminal (the marks only come off).
 */
function terminalStates(file: FileOutcomes, startMass: readonly number[]): Uint8Array {
  const n = file.outcomes.length;
  const terminal = new Uint8Array(n);
  forEachOutcome(file, (_s, o, flagged) => flagged && !(startMass[o.next]! > 0) && (terminal[o.next] = 1));
  const enteredFlaggedFromLive = new Uint8Array(n);
  for (let changed = true; changed; ) {
    changed = false;
    enteredFlaggedFromLive.fill(0);
    forEachOutcome(file, (s, o, flagged) => {
      if (terminal[s] === 1) return;
      if (flagged) enteredFlaggedFromLive[o.next] = 1;
      else if (terminal[o.next] === 1) {
        terminal[o.next] = 0;
        changed = true;
      }
    });
    for (let s = 0; s < n; s++) {
      if (terminal[s] === 1 && enteredFlaggedFromLive[s] === 0) {
        terminal[s] = 0;
        changed = true;
      }
    }
  }
  return terminal;
}

/** A terminal copy for every live state that a live state enters by a flagged transition, numbered after the file's states. */
function terminalCopies(file: FileOutcomes, terminal: Uint8Array): { copyIndex: Int32Array; terminalCopyOf: number[] } {
  const n = file.outcomes.length;
  const needed = new Uint8Array(n);
  forEachOutcome(file, (s, o, flagged) => terminal[s] === 0 && flagged && terminal[o.next] === 0 && (needed[o.next] = 1));
  const copyIndex = new Int32Array(n).fill(-1);
  const terminalCopyOf: number[] = [];
  for (let s = 0; s < n; s++) {
    if (needed[s] === 1) {
      copyIndex[s] = n + terminalCopyOf.length;
      terminalCopyOf.push(s);
    }
  }
  return { copyIndex, terminalCopyOf };
}

/** The model's rows of the file's states: memories per state and their merged outcomes. */
function modelRows(file: FileOutcomes, terminal: Uint8Array, copyIndex: Int32Array, declared: number[] | null, where: Where, fail: Fail): Outcome[][][] {
  const actions: Outcome[][][] = [];
  file.outcomes.forEach((listed, s) => {
    const count = declared?.[s] ?? (terminal[s] === 1 ? 0 : listed.length);
    if (terminal[s] === 0 && count !== listed.length) fail(where(s), `actionsPerState says ${count} actions, P lists ${listed.length}`);
    if (terminal[s] === 0 && count === 0) {
      fail(where(s), 'a live state needs at least one action (a state every transition into it flags terminated is terminal and needs none)');
    }
    if (terminal[s] === 1 && count > 0 && listed.length !== 0 && listed.length !== count) {
      fail(where(s), `actionsPerState keeps ${count} memories of this terminal state, P lists ${listed.length} actions`);
    }
    const row: Outcome[][] = [];
    for (let a = 0; a < count; a++) {
      const list = listed[a];
      // A kept memory of a terminal state without outcomes: never taken.
      if (list === undefined) row.push([{ next: s, probability: 1, reward: 0 }]);
      else row.push(mergedOutcomes(list, file.flagged[s]![a]!, terminal, copyIndex, (rule) => fail(where(s, a), rule)));
    }
    actions.push(row);
  });
  return actions;
}

/** The start probabilities, one per file state, checked (a start state is live: see `terminalStates`). */
function startProbabilities(value: unknown, n: number, fail: Fail): number[] {
  if (!Array.isArray(value)) fail('start', `expected a list of ${n} probabilities, got ${show(value)}`);
  const list = value as unknown[];
  if (list.length !== n) fail('start', `has ${list.length} entries, P has ${n} states`);
  let mass = 0;
  list.forEach((p, s) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(`start[${s}]`, `probability ${show(p)} is not a number in [0, 1]`);
    mass += p as number;
  });
  if (mass === 0) fail('start', 'no start mass: every entry is 0');
  if (Math.abs(mass - 1) > FILE_PROBABILITY_TOLERANCE) fail('start', `probabilities sum to ${mass}, not 1 (within ${FILE_PROBABILITY_TOLERANCE})`);
  return list as number[];
}

/** The outcomes of one state-action, mapped to model states and merged by (target, reward); checked. */
function mergedOutcomes(list: readonly Outcome[], flags: readonly boolean[], terminal: Uint8Array, copyIndex: Int32Array, fail: (rule: string) => never): Outcome[] {
  const merged: Outcome[] = [];
  const byTarget = new Map<string, Outcome>();
  let sum = 0;
  list.forEach((o, k) => {
    sum += o.probability;
    if (o.probability === 0) return;
    // A flagged transition into a live state leads to its terminal copy; in the kept rows of a
    // terminal state (never taken) a state may have no copy, and the transition stays as written.
    const target = flags[k] && terminal[o.next] === 0 && copyIndex[o.next]! >= 0 ? copyIndex[o.next]! : o.next;
    const key = `${target} ${o.reward}`;
    const seen = byTarget.get(key);
    if (seen === undefined) {
      const kept = { next: target, probability: o.probability, reward: o.reward };
      byTarget.set(key, kept);
      merged.push(kept);
    } else {
      seen.probability += o.probability;
    }
  });
  if (list.length === 0) fail('no outcomes');
  if (Math.abs(sum - 1) > FILE_PROBABILITY_TOLERANCE) fail(`outcome probabilities sum to ${sum}, not 1 (within ${FILE_PROBABILITY_TOLERANCE})`);
  const probabilities = Float64Array.from(merged, (o) => o.probability);
  normaliseNearOne(probabilities, 0, probabilities.length);
  merged.forEach((o, i) => (o.probability = probabilities[i]!));
  return merged;
}

/**
 * Scales `p[from..to)` to sum to 1 when it sums to 1 only within the file's tolerance; a sum
 * within 1e-12 (what the model itself accepts) is left as written, so models round-trip bit for bit.
 */
function normaliseNearOne(p: Float64Array, from: number, to: number): void {
  let sum = 0;
  for (let i = from; i < to; i++) sum += p[i]!;
  if (Math.abs(sum - 1) <= 1e-12) return;
  for (let i = from; i < to; i++) p[i] = p[i]! / sum;
}
