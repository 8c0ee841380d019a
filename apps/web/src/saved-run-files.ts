import { parseCurveCsv, type CurvePoint } from '@dra/agent';
import { MemoryTable, type MemoryRows } from '@dra/core';

/** A run's saved files as opened in the page: its memories, its curve, or both. */
export interface OpenedRun {
  memory?: MemoryTable;
  curve?: CurvePoint[];
}

/**
 * Reads `memory.json` and `curve.csv` files chosen by the user (by extension). Every problem
 * names the file: unreadable JSON, a malformed memory table, a malformed curve.
 */
export async function openRunFiles(files: readonly File[]): Promise<OpenedRun> {
  const opened: OpenedRun = {};
  for (const file of files) {
    const text = await file.text();
    if (/\.json$/i.test(file.name)) {
      let rows: unknown;
      try {
        rows = JSON.parse(text);
      } catch (error) {
        throw new Error(`${file.name}: not valid JSON (${(error as Error).message})`);
      }
      try {
        opened.memory = MemoryTable.fromRows(rows as MemoryRows);
      } catch (error) {
        throw new Error(`${file.name}: ${(error as Error).message}`);
      }
    } else if (/\.csv$/i.test(file.name)) {
      try {
        opened.curve = parseCurveCsv(text);
      } catch (error) {
        throw new Error(`${file.name}: ${(error as Error).message}`);
      }
    } else {
      throw new Error(`${file.name}: expected a run's memory.json or curve.csv`);
    }
  }
  return opened;
}
