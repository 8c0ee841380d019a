import type { TabularModel } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createHuysTask } from './huys-planning.js';
import { createMaze } from './maze.js';
import { TabularEnvironment } from './tabular-environment.js';
import { tabularModelFileOf } from './tabular-model-export.js';
import { readTabularModelFile } from './tabular-model-file.js';
import { assertEnvironmentConformance } from './testing/conformance.js';
import { cliffWalkingTableText, frozenLakeTableText, taxiTableText } from './toy-text/index.js';

const read = (text: string) => readTabularModelFile(JSON.parse(text), "'test.json'");
const actionsOf = (m: TabularModel, s: number) => m.actionStart[s + 1]! - m.actionStart[s]!;
const outcomesOf = (m: TabularModel, s: number, a: number) => {
  const i = m.actionStart[s]! + a;
  const out: [number, number, number][] = [];
  for (let j = m.transitionStart[i]!; j < m.transitionStart[i + 1]!; j++) out.push([m.nextState[j]!, m.probability[j]!, m.reward[j]!]);
  return out;
};

/** A small file: state 0 -> 1 (live), 0 -> 2 (flagged, terminal). */
const small = () => ({
  P: { '0': { '0': [[0.5, 1, -1, false], [0.5, 2, 5, true]] }, '1': { '0': [[1.0, 0, -1, false]] }, '2': { '0': [[1.0, 2, 0, true]] } },
  start: [1.0, 0.0, 0.0],
});

describe('readTabularModelFile: Gymnasium toy-text tables', () => {
  it('FrozenLake 4x4 slippery: holes and goal terminal without memories, duplicate outcomes merged', () => {
    const { model, terminalCopyOf } = read(frozenLakeTableText());
    expect(model.stateCount).toBe(16);
    expect(terminalCopyOf).toEqual([]);
    expect([...model.terminal].flatMap((t, s) => (t === 1 ? [s] : []))).toEqual([5, 7, 11, 12, 15]);
    for (const s of [5, 7, 11, 12, 15]) expect(actionsOf(model, s)).toBe(0);
    // State 0, left: the slip up and the move left both stay (1/3 + 1/3), the slip down reaches 4.
    expect(outcomesOf(model, 0, 0)).toEqual([
      [0, 0.33333333333333337 + 0.3333333333333333, 0],
      [4, 0.33333333333333337, 0],
    ]);
    expect(outcomesOf(model, 14, 2)).toEqual([
      [14, 0.33333333333333337, 0],
      [15, 0.3333333333333333, 1],
      [10, 0.33333333333333337, 0],
    ]);
  });

  it('CliffWalking: the goal is terminal, the cliff sends back to the start at -100, the cliff cells stay live', () => {
    const { model } = read(cliffWalkingTableText());
    expect(model.stateCount).toBe(48);
    expect([...model.terminal].flatMap((t, s) => (t === 1 ? [s] : []))).toEqual([47]);
    expect(outcomesOf(model, 36, 1)).toEqual([[36, 1, -100]]);
    expect(outcomesOf(model, 35, 2)).toEqual([[47, 1, -1]]);
    expect(actionsOf(model, 40)).toBe(4);
  });

  it('Taxi: the four drop-off states stay live and the flagged drop-offs lead to terminal copies of them', () => {
    const { model, terminalCopyOf, stateNames } = read(taxiTableText());
    const encode = (row: number, column: number, passenger: number, destination: number) => ((row * 5 + column) * 5 + passenger) * 4 + destination;
    const dropOffs = [encode(0, 0, 0, 0), encode(0, 4, 1, 1), encode(4, 0, 2, 2), encode(4, 3, 3, 3)];
    expect(model.stateCount).toBe(504);
    expect(terminalCopyOf).toEqual(dropOffs);
    expect(stateNames.slice(500)).toEqual(dropOffs.map((s) => `${s} (terminal)`));
    for (let c = 0; c < 4; c++) {
      expect(model.terminal[dropOffs[c]!]).toBe(0);
      expect(model.terminal[500 + c]).toBe(1);
      expect(actionsOf(model, 500 + c)).toBe(0);
    }
    // Passenger aboard at R with destination R: drop-off ends the episode in the copy of state 0.
    expect(outcomesOf(model, encode(0, 0, 4, 0), 5)).toEqual([[500, 1, 20]]);
    // The unflagged way into state 0 (moving west with the passenger already at R) stays live.
    expect(outcomesOf(model, encode(0, 1, 0, 0), 3)).toEqual([[0, 1, -1]]);
    expect(model.start.filter((p) => p > 0)).toHaveLength(300);
  });

  it.each([
    ['FrozenLake 4x4 slippery', () => frozenLakeTableText()],
    ['FrozenLake 8x8', () => frozenLakeTableText({ map: '8x8', slippery: false })],
    ['CliffWalking slippery', () => cliffWalkingTableText({ slippery: true })],
    ['Taxi', () => taxiTableText()],
  ])('%s passes the conformance kit', (_name, text) => {
    const file = read(text());
    assertEnvironmentConformance(() => new TabularEnvironment(file.model, { maxSteps: 200 }), { episodes: 20 });
  });

  it('keeps two outcomes to one state with different rewards apart (slippery CliffWalking from the start)', () => {
    const { model } = read(cliffWalkingTableText({ slippery: true }));
    // Up from the start: a slip left stays (-1), up reaches 24 (-1), a slip right falls off the cliff back to 36 (-100).
    expect(outcomesOf(model, 36, 0)).toEqual([
      [36, 0.3333333333333333, -1],
      [24, 0.3333333333333333, -1],
      [36, 0.3333333333333333, -100],
    ]);
  });

  it('reads string-keyed objects and plain arrays alike', () => {
    const asArrays = { P: [[[[0.5, 1, -1, false], [0.5, 2, 5, true]]], [[[1, 0, -1, false]]], [[[1, 2, 0, true]]]], start: [1, 0, 0] };
    expect(read(JSON.stringify(asArrays)).model).toEqual(read(JSON.stringify(small())).model);
  });
});

describe('readTabularModelFile: the toolkit exports round-trip to the same model', () => {
  it.each([
    ['maze', () => createMaze()],
    ['huys', () => createHuysTask()],
    ['huys depth 4', () => createHuysTask({ depth: 4 })],
  ])('%s', (_name, create) => {
    const environment = create();
    const file = tabularModelFileOf(environment.model, { stepLimit: environment.stepLimit });
    const back = read(JSON.stringify(file));
    expect(back.model).toEqual(environment.model);
    expect(back.timeLimit ?? back.model.horizon).toBe(environment.stepLimit);
  });
});

describe('readTabularModelFile: names', () => {
  it('per-state action names written by tabularModelFileOf read back the same', () => {
    const model = read(JSON.stringify(small())).model;
    const names = [['go'], ['back'], []];
    const back = read(JSON.stringify(tabularModelFileOf(model, { stateNames: ['a', 'b', 'c'], actionNames: names })));
    expect(back.actionNames).toEqual(names);
    expect(back.stateNames).toEqual(['a', 'b', 'c']);
  });
});

describe('readTabularModelFile: contradictions exit with the state, the action and the rule', () => {
  const broken = (edit: (f: ReturnType<typeof small>) => void) => {
    const file = small();
    edit(file);
    return () => readTabularModelFile(file, "'bad.json'");
  };
  it.each([
    ['probabilities not summing to 1', (f: any) => (f.P['0']['0'][0][0] = 0.4), "model file 'bad.json': state 0, action 0: outcome probabilities sum to 0.9, not 1 (within 1e-9)"],
    ['a next state out of range', (f: any) => (f.P['1']['0'][0][1] = 3), "model file 'bad.json': state 1, action 0: next state 3 is outside the states 0..2"],
    ['no start mass', (f: any) => (f.start = [0, 0, 0]), "model file 'bad.json': start: no start mass: every entry is 0"],
    ['a live state without actions', (f: any) => (f.P['1'] = {}), "model file 'bad.json': state 1: a live state needs at least one action"],
    ['a missing state key', (f: any) => delete f.P['1'], "model file 'bad.json': P: key \"2\" is not one of \"0\"..\"1\" (keys number the states or actions from 0, without gaps)"],
    ['an unknown field', (f: any) => (f.horizn = 3), "model file 'bad.json': unknown field \"horizn\" (fields: P, start, horizon, timeLimit, actionsPerState, names, description)"],
    ['a terminated flag that is not a boolean', (f: any) => (f.P['1']['0'][0][3] = 'no'), "model file 'bad.json': state 1, action 0: terminated \"no\" is not true or false"],
  ])('%s', (_rule, edit, message) => {
    expect(broken(edit)).toThrow(message);
  });

  it('a start state entered by a flagged transition stays live, and the flagged transition leads to its terminal copy', () => {
    // 0 -> 1 unflagged, 1 -> 0 flagged: Gymnasium starts in 0, steps to 1, and ends on re-entering 0.
    const { model, terminalCopyOf } = readTabularModelFile({ P: [[[[1, 1, 0, false]]], [[[1, 0, 1, true]]]], start: [1, 0] }, "'loop.json'");
    expect(terminalCopyOf).toEqual([0]);
    expect([...model.terminal]).toEqual([0, 0, 1]);
    expect(outcomesOf(model, 1, 0)).toEqual([[2, 1, 1]]);
  });

  it('the kept rows of a terminal state may enter a live state flagged without a copy (never taken)', () => {
    // 0 -> 1 flagged makes 1 terminal; its kept row re-enters the start 0, flagged, from a terminal state: no copy.
    const file = { P: [[[[1, 1, 5, true]]], [[[1, 0, 0, true]]]], start: [1, 0], actionsPerState: [1, 1] };
    const { model, terminalCopyOf } = readTabularModelFile(file, "'kept.json'");
    expect(terminalCopyOf).toEqual([]);
    expect([...model.terminal]).toEqual([0, 1]);
    expect(outcomesOf(model, 1, 0)).toEqual([[0, 1, 0]]);
  });

  it('per-state action names of a terminal state are cut to the memories it keeps', () => {
    const text = JSON.parse(frozenLakeTableText());
    text.names = { actions: Array.from({ length: 16 }, () => ['L', 'D', 'R', 'U']) };
    const { actionNames } = readTabularModelFile(text, "'names.json'");
    expect(actionNames[0]).toEqual(['L', 'D', 'R', 'U']);
    expect(actionNames[5]).toEqual([]);
  });

  it('names the state by its name when the file gives names', () => {
    const file = { ...small(), names: { states: ['home', 'away', 'end'] } };
    file.P['1']['0'][0]![0] = 0.9;
    expect(() => readTabularModelFile(file, "'bad.json'")).toThrow("state 1 (\"away\"), action 0: outcome probabilities sum to 0.9");
  });
});
