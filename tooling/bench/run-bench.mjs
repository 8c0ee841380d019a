// `pnpm bench`: the maze workload (5000 episodes, paper settings) in the TypeScript agent
// and in the C anchor, interleaved in one run, with the ratio of their median speeds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildAnchor, repoRoot } from './anchor.mjs';

const anchor = buildAnchor();
const args = [join(repoRoot, 'apps/cli/dist/dra.js'), 'bench', '--repeat', '5'];
if (anchor) args.push('--baseline', `${anchor} 5000 1`);
else console.log('C anchor not found (set DRA_ANCHOR_DIR); timing the TypeScript agent alone');
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
