// `pnpm bench`: the maze workload (5000 episodes, paper settings) in the TypeScript agent
// and in the C reference (tooling/maze-reference-c), interleaved in one run, with the ratio
// of their median speeds. Without a C compiler it times the TypeScript agent alone and says so.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCReference, C_REFERENCE, repoRoot } from './anchor.mjs';

const { binary: reference, source, reason } = buildCReference();
const args = [join(repoRoot, 'apps/cli/dist/dra.js'), 'bench', '--repeat', '5'];
if (reference !== null) {
  args.push('--baseline', `"${reference}" 5000 1`);
  console.log(`baseline: ${source} (5000 episodes, seed 1)`);
} else console.log(`${reason}; ${C_REFERENCE} is skipped: timing the TypeScript agent alone, no C figures or ratio`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
