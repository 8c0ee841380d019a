// The command blocks of a Markdown page and the directive above each.
//
// A fenced block whose info string is `sh` is a command block. The line right above it must be
// a directive, an HTML comment (invisible on the rendered page) holding a JSON object:
//   <!-- readme-test {} -->                                   run the block as written
//   <!-- readme-test {"skip": "why"} -->                      do not run it; the reason is printed
//   <!-- readme-test {"replace": [["--x 5000", "--x 50"]]} -->  the quick form of a long block
//   <!-- readme-test {"expect": ["regular expression"]} -->   stdout must match each
// Any fenced block may instead carry {"file": "path"}: its text is written to that path
// (relative to the clone's root, or to the home with ~/) before the following blocks run. A command block without a
// directive is an error, so the page cannot grow a command the test does not run or skip.
import { readFileSync } from 'node:fs';

const DIRECTIVE = /^<!-- readme-test (\{.*\}) -->$/;
const KEYS = new Set(['skip', 'replace', 'expect', 'file']);

/**
 * @typedef {{ page: string, line: number, language: string, text: string,
 *   skip?: string, replace?: [string, string][], expect?: string[], file?: string }} Block
 */

/** Every fenced block of `path` that is a command block or carries a directive. */
export function markedBlocks(path, page) {
  const lines = readFileSync(path, 'utf8').split('\n');
  /** @type {Block[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)/.exec(lines[i]);
    if (fence === null) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${page}:${i + 1}: a fenced block that never closes`);
    const directive = i > 0 ? DIRECTIVE.exec(lines[i - 1]) : null;
    const block = { page, line: i + 1, language: fence[1], text: lines.slice(i + 1, end).join('\n') };
    i = end;
    if (directive === null) {
      if (block.language === 'sh') throw new Error(`${page}:${block.line}: a command block without a readme-test directive on the line above`);
      continue;
    }
    blocks.push({ ...block, ...parseDirective(directive[1], `${page}:${block.line - 1}`) });
  }
  return blocks;
}

function parseDirective(json, where) {
  let directive;
  try {
    directive = JSON.parse(json);
  } catch (error) {
    throw new Error(`${where}: the readme-test directive is not valid JSON (${error.message})`);
  }
  for (const key of Object.keys(directive)) if (!KEYS.has(key)) throw new Error(`${where}: unknown readme-test key ${JSON.stringify(key)}`);
  if ('skip' in directive && (typeof directive.skip !== 'string' || directive.skip.length === 0)) throw new Error(`${where}: skip must give its reason`);
  return directive;
}

/**
 * The block's script after its quick replacements (each replaced text must be there, else the
 * page drifted). Every command line becomes `{ line\n} || exit $?`: bash's errexit ignores a
 * failure before the last `&&` of a list (`pnpm build && pnpm dra ...`), and a page's reader
 * would not go on after it.
 */
export function scriptOf(block) {
  let text = block.text;
  for (const [from, to] of block.replace ?? []) {
    if (!text.includes(from)) throw new Error(`${block.page}:${block.line}: the directive replaces ${JSON.stringify(from)}, which the block no longer contains`);
    text = text.split(from).join(to);
  }
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  return lines.map((line) => (line.trim() === '' || line.trim().startsWith('#') ? line : `{ ${line}\n} || exit $?`)).join('\n');
}
