import { PythonFloat, pythonJson, type PythonValue } from './python-json.js';

/** One outcome as Gymnasium lists it: (probability, next state, reward, terminated). */
export type GymnasiumOutcome = readonly [probability: number, next: number, reward: number, terminated: boolean];

/**
 * The text of `json.dump({"P": env.unwrapped.P, "start": list(map(float, env.unwrapped.initial_state_distrib))}, f, default=int)`
 * for a table given as `P[state][action]` outcome lists (rewards are Python ints in the
 * toy-text tasks; probabilities and the start are floats). `extra` fields follow, as
 * examples/python/export_toy_text.py adds them (timeLimit, names).
 */
export function gymnasiumTableText(P: readonly (readonly (readonly GymnasiumOutcome[])[])[], start: readonly number[], extra: Record<string, PythonValue> = {}): string {
  const table: Record<string, Record<string, PythonValue[]>> = {};
  P.forEach((actions, s) => {
    const row: Record<string, PythonValue[]> = {};
    actions.forEach((outcomes, a) => (row[String(a)] = outcomes.map(([p, next, reward, terminated]) => [new PythonFloat(p), next, reward, terminated])));
    table[String(s)] = row;
  });
  return pythonJson({ P: table, start: start.map((p) => new PythonFloat(p)), ...extra });
}
