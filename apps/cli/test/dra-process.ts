import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `dra` command the tests drive. */
export const cli = fileURLToPath(new URL('../dist/dra.js', import.meta.url));

/** Runs `dra ...args` to completion. */
export function dra(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `dra ...args` to completion in the working directory `cwd`. */
export function draIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `dra ...args` in the background (for kill tests). */
export function draInBackground(...args: string[]) {
  return spawn(process.execPath, [cli, ...args], { stdio: 'ignore' });
}
