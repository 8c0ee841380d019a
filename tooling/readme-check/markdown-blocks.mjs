// The command blocks of a Markdown page and the directive above each.
//
// A fenced block whose info string is sh, bash, shell or console (at any indent) is a command
// block. The line right above it must be a directive, an HTML comment (invisible on the
// rendered page) holding a JSON object:
//   <!-- readme-test {} -->                                   run the block as written
//   <!-- readme-test {"skip": "why"} -->                      do not run it; the reason is printed
//   <!-- readme-test {"needs": ["cc"]} -->                    skip it, saying so, when a program is missing
//   <!-- readme-test {"replace": [["--x 5000", "--x 50"]]} -->  the quick form of a long block
//   <!-- readme-test {"expect": ["regular expression"]} -->   stdout must match each
//   <!-- readme-test {"reject": ["regular expression"]} -->   stdout must match none
// Any other fenced block may carry {"file": "path"} (and nothing else): its text is written to
// that path (relative to the clone's root, or to the home with ~/) before the following blocks
// run. A command block without a directive is an error, so the page cannot grow a command the
// test neither runs nor skips.
import { readFileSync } from 'node:fs';

const FENCE = /^\s*```(\S*)/;
const DIRECTIVE = /^\s*<!-- readme-test (\{.*\}) -->\s*$/;
const COMMAND_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);
const STRING_LISTS = ['needs', 'expect', 'reject'];

/**
 * @typedef {{ page: string, line: number, language: string, text: string, skip?: string,
 *   needs?: string[], replace?: [string, string][], expect?: string[], reject?: string[], file?: string }} Block
 */

/** Every fenced block of the Markdown `text` that is a command block or carries a directive. */
export function markedBlocks(text, page) {
  const lines = text.split('\n');
  /** @type {Block[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]);
    if (fence === null) continue;
    const end = lines.findIndex((l, j) => j > i && /^\s*```\s*$/.test(l));
    if (end < 0) throw new Error(`${page}:${i + 1}: a fenced block that never closes`);
    const directive = i > 0 ? DIRECTIVE.exec(lines[i - 1]) : null;
    const block = { page, line: i + 1, language: fence[1], text: lines.slice(i + 1, end).join('\n') };
    i = end;
    const command = COMMAND_LANGUAGES.has(block.language);
    if (directive === null) {
      if (command) throw new Error(`${page}:${block.line}: a command block without a readme-test directive on the line above`);
      continue;
    }
    blocks.push({ ...block, ...parseDirective(directive[1], command, `${page}:${block.line - 1}`) });
  }
  return blocks;
}

/** The blocks of a page file. */
export function pageBlocks(path, page) {
  return markedBlocks(readFileSync(path, 'utf8'), page);
}

function parseDirective(json, command, where) {
  let d;
  try {
    d = JSON.parse(json);
  } catch (error) {
    throw new Error(`${where}: the readme-test directive is not valid JSON (${error.message})`);
  }
  const fail = (why) => {
    throw new Error(`${where}: readme-test ${why}`);
  };
  if (d === null || typeof d !== 'object' || Array.isArray(d)) fail('directive must be a JSON object');
  const allowed = command ? ['skip', 'needs', 'replace', 'expect', 'reject'] : ['file'];
  for (const key of Object.keys(d)) if (!allowed.includes(key)) fail(`key ${JSON.stringify(key)} does not apply to a ${command ? 'command' : 'file'} block (allowed: ${allowed.join(', ')})`);
  if (!command && typeof d.file !== 'string') fail('a block that is not a command block needs "file": a path');
  if ('skip' in d && (typeof d.skip !== 'string' || d.skip.length === 0)) fail('skip must give its reason');
  if ('skip' in d && Object.keys(d).length > 1) fail('skip goes alone: a skipped block runs nothing to check');
  for (const key of STRING_LISTS) {
    if (key in d && !(Array.isArray(d[key]) && d[key].every((x) => typeof x === 'string'))) fail(`${key} must be a list of strings`);
  }
  if ('replace' in d && !(Array.isArray(d.replace) && d.replace.every((r) => Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'string')))) {
    fail('replace must be a list of [from, to] string pairs');
  }
  return d;
}

/**
 * The block's script after its quick replacements (each replaced text must be there, else the
 * page drifted). Each command line becomes `{ line\n} || exit $?`: bash's errexit ignores a
 * failure before the last `&&` of a list (`pnpm build && pnpm dra ...`), and a reader would not
 * go on after it. So that this wrapping holds, a line may not hold a `;` or `<<` outside quotes,
 * nor end in `\`, `&&`, `||` or `|` (one command list per line).
 */
export function scriptOf(block) {
  let text = block.text;
  for (const [from, to] of block.replace ?? []) {
    if (!text.includes(from)) throw new Error(`${block.page}:${block.line}: the directive replaces ${JSON.stringify(from)}, which the block no longer contains`);
    text = text.split(from).join(to);
  }
  return text
    .split('\n')
    .map((line, k) => {
      const code = unquoted(line).replace(/#.*$/, '').trim();
      if (code === '') return line;
      if (/;|<<|\\$|&&$|\|\|?$/.test(code)) throw new Error(`${block.page}:${block.line + k + 1}: one command list per line, without ';', '<<' or a trailing '\\', '&&', '||' or '|'`);
      return `{ ${line}\n} || exit $?`;
    })
    .join('\n');
}

/** The line with the contents of its quoted strings blanked out. */
function unquoted(line) {
  return line.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, (q) => q[0] + ' '.repeat(q.length - 2) + q[0]);
}
