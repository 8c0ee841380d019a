import { spawnSync } from 'node:child_process';

/** Where `dra bench` ran its single-core sections: the core, or why it could not pin. */
export type Pinning = { readonly pinned: true; readonly core: number } | { readonly pinned: false; readonly reason: string };

/**
 * Confines this process, every thread of it and every process it starts (the C anchor) to the
 * last core it may run on, with `taskset` (util-linux), and returns how to undo it. Where taskset
 * is missing or refuses, nothing changes and the reason is reported.
 */
export function pinToOneCore(): { pinning: Pinning; release: () => void } {
  const pid = String(process.pid);
  const current = spawnSync('taskset', ['-c', '-p', pid], { encoding: 'utf8' });
  const list = /:\s*([0-9,-]+)\s*$/.exec(current.stdout ?? '')?.[1];
  if (current.error !== undefined || current.status !== 0 || list === undefined) {
    return { pinning: { pinned: false, reason: 'taskset (util-linux) is missing or refused: the sections ran on every core' }, release: () => {} };
  }
  // "0-3,6": the last number is the highest core allowed.
  const core = Number(list.split(/[,-]/).at(-1));
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', String(core), pid], { encoding: 'utf8' });
  if (pinned.status !== 0) return { pinning: { pinned: false, reason: `taskset could not pin to core ${core}: ${(pinned.stderr ?? '').trim()}` }, release: () => {} };
  return { pinning: { pinned: true, core }, release: () => void spawnSync('taskset', ['-a', '-c', '-p', list, pid]) };
}
