// Unit tests of the page parser and the script wrapper (node --test).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { markedBlocks, scriptOf } from './markdown-blocks.mjs';

const fence = '```';
const page = (directive, language, body) => `text\n${directive}\n${fence}${language}\n${body}\n${fence}\n`;
const bash = (script) => spawnSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8' });

test('a command block without a directive is an error, whatever its fence says', () => {
  for (const language of ['sh', 'bash', 'shell', 'console']) {
    assert.throws(() => markedBlocks(page('', language, 'ls'), 'P.md'), /P.md:3: a command block without a readme-test directive/);
  }
  assert.throws(() => markedBlocks(`  ${fence}sh\n  ls\n  ${fence}\n`, 'P.md'), /without a readme-test directive/);
  assert.deepEqual(markedBlocks(page('', 'ts', 'const x = 1;'), 'P.md'), []);
});

test('directives are checked: keys that apply, types, skip alone with its reason', () => {
  const bad = [
    ['<!-- readme-test {"expect": "x"} -->', 'sh', /expect must be a list of strings/],
    ['<!-- readme-test {"skip": ""} -->', 'sh', /skip must give its reason/],
    ['<!-- readme-test {"skip": "why", "expect": ["x"]} -->', 'sh', /skip goes alone/],
    ['<!-- readme-test {"file": "a.mjs"} -->', 'sh', /key "file" does not apply to a command block/],
    ['<!-- readme-test {} -->', 'ts', /needs "file"/],
    ['<!-- readme-test {"file": "a.mjs", "expect": ["x"]} -->', 'js', /key "expect" does not apply to a file block/],
    ['<!-- readme-test {"replace": [["a"]]} -->', 'sh', /replace must be a list of \[from, to\] string pairs/],
    ['<!-- readme-test {"speed": 1} -->', 'sh', /key "speed"/],
    ['<!-- readme-test {nope} -->', 'sh', /not valid JSON/],
  ];
  for (const [directive, language, message] of bad) assert.throws(() => markedBlocks(page(directive, language, 'ls'), 'P.md'), message, directive);
  const [block] = markedBlocks(page('<!-- readme-test {"expect": ["^a$"], "needs": ["cc"]} -->', 'sh', 'echo a'), 'P.md');
  assert.deepEqual([block.expect, block.needs, block.line], [['^a$'], ['cc'], 3]);
});

test('a failure anywhere in a block fails it, the first command of an && list included', () => {
  const script = (body) => scriptOf({ page: 'P.md', line: 1, text: body });
  assert.notEqual(bash(script('false && true\necho after')).status, 0);
  assert.notEqual(bash(script('true\nfalse # a comment\necho after')).status, 0);
  assert.equal(bash(script('x=1 && cd /\necho "$x; ok" # done')).stdout, '1; ok\n');
});

test('lines the wrapping would break are refused, naming the line', () => {
  for (const body of ['false; echo after', 'cat <<EOF', 'echo a \\', 'true &&', 'ls |']) {
    assert.throws(() => scriptOf({ page: 'P.md', line: 4, text: `echo ok\n${body}` }), /P.md:6: one command list per line/, body);
  }
});

test('a quick form replaces text the block holds, and refuses text it no longer holds', () => {
  const block = { page: 'P.md', line: 1, text: 'run --episodes 5000', replace: [['5000', '50']] };
  assert.match(scriptOf(block), /run --episodes 50\n/);
  assert.throws(() => scriptOf({ ...block, replace: [['6000', '50']] }), /replaces "6000", which the block no longer contains/);
});
