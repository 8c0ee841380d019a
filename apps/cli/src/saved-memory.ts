import { MemoryTable, type Environment, type MemoryRows } from '@dra/core';
import { INPUT_LIMITS, readInputFile } from './input-file.js';
import { UsageError } from './usage-error.js';

/**
 * Reads and checks a memory file (`memory.json` of a run directory) against the environment
 * it was trained on; every problem is a usage error starting with `role` (the flag, or empty for a
 * file of a run directory) and the path.
 */
export function readMemory(path: string, environment: Environment, role: string): MemoryTable {
  const text = readInputFile(path, role, INPUT_LIMITS.data);
  const label = `${role === '' ? '' : `${role} `}'${path}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${label}: not valid JSON (${(error as Error).message})`);
  }
  let memory: MemoryTable;
  try {
    memory = MemoryTable.fromRows(parsed as MemoryRows);
  } catch (error) {
    throw new UsageError(`${label}: ${(error as Error).message}`);
  }
  if (memory.stateCount !== environment.stateCount) {
    throw new UsageError(`${label} has ${memory.stateCount} states but environment ${environment.id} has ${environment.stateCount}`);
  }
  for (let s = 0; s < memory.stateCount; s++) {
    if (memory.actionCount(s) !== environment.actionCounts[s]) {
      throw new UsageError(`${label}: state ${s} has ${memory.actionCount(s)} memories but environment ${environment.id} has ${environment.actionCounts[s]} actions there`);
    }
  }
  return memory;
}
