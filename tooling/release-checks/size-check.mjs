// Checks the shape of the source: no file over 300 lines and no function over 80 lines in
// packages/ and apps/ (tests included). A file may opt out with a line
//   // size-check: exempt (<reason>)
// naming why (generated code, the WebAssembly kernel's single-pass loops).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
const EXEMPT = /\/\/ size-check: exempt \(\s*\S/;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) ||
  ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

/** A `describe(...)` block's callback: a group of tests, not a function (each test in it is checked). */
const isTestGroup = (node) =>
  ts.isCallExpression(node.parent) && ts.isIdentifier(node.parent.expression) && node.parent.expression.text === 'describe';

/** Long functions of one file: [name, lines]; a test's body counts as a function. */
function longFunctions(path, text) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (isFunction(node) && node.body !== undefined && !isTestGroup(node)) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.end).line;
      if (end - start + 1 > MAX_FUNCTION_LINES) found.push([node.name?.getText(file) ?? `(function at line ${start + 1})`, end - start + 1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const problems = [];
let exempt = 0;
for (const top of ['packages', 'apps']) {
  for (const path of sourceFiles(join(root, top))) {
    const text = readFileSync(path, 'utf8');
    const name = relative(root, path);
    if (EXEMPT.test(text)) {
      exempt++;
      continue;
    }
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_FILE_LINES) problems.push(`${name}: ${lines} lines (at most ${MAX_FILE_LINES})`);
    for (const [fn, n] of longFunctions(path, text)) problems.push(`${name}: function ${fn} has ${n} lines (at most ${MAX_FUNCTION_LINES})`);
  }
}
if (problems.length > 0) {
  console.error(`size-check: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`size-check: every file in packages/ and apps/ within ${MAX_FILE_LINES} lines and every function within ${MAX_FUNCTION_LINES} (${exempt} exempt, each with its reason)`);
