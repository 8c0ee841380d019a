// Builds the API reference (TypeDoc, typedoc.json at the repository root) into docs/api and
// fails when an exported symbol has no doc comment (validation.notDocumented, as errors).
// Prints each package's public entry points and the share of their exported symbols and
// members that carry documentation.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './pack.mjs';

execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typedoc', 'bin', 'typedoc')], { cwd: repoRoot, stdio: 'inherit' });
const project = JSON.parse(readFileSync(join(repoRoot, 'docs', 'api', 'api.json'), 'utf8'));

/** TypeDoc's kind of a re-export of a symbol documented where it is declared. */
const REFERENCE = 4194304;

const isDocumented = (node) => Boolean(node.comment?.summary?.length) || (node.signatures ?? []).some((s) => s.comment?.summary?.length);

/** Documented and total counts of the reflections below `node` (fields, methods, parameters...). */
function members(node, counts = { total: 0, documented: 0 }) {
  for (const child of [...(node.children ?? []), ...(node.signatures ?? []).flatMap((s) => s.parameters ?? [])]) {
    counts.total++;
    if (isDocumented(child)) counts.documented++;
    members(child, counts);
  }
  return counts;
}

const percent = (part, whole) => `${((100 * part) / Math.max(1, whole)).toFixed(0)} %`;
for (const module of project.children ?? []) {
  // 'agent/src' -> '@dra/agent', 'environments/src/testing' -> '@dra/environments/testing'
  const entry = `@dra/${module.name.replace('/src', '')}`;
  const exports = (module.children ?? []).filter((child) => child.kind !== REFERENCE);
  const inner = { total: 0, documented: 0 };
  for (const child of exports) members(child, inner);
  console.log(`${entry}: ${exports.length} exports, ${percent(exports.filter(isDocumented).length, exports.length)} documented; their members (fields, methods, parameters) ${percent(inner.documented, inner.total)} of ${inner.total}`);
}
console.log('docs: API reference in docs/api/index.html; every export documented');
