// The README is executable: every command block of README.md and CONTRIBUTING.md (see
// markdown-blocks.mjs for the directives) runs, in page order, in a fresh clone of this
// repository's committed HEAD, as a normal user with an empty home, each block as one
// `bash -euo pipefail` script from the clone's root. Each must exit 0 and print what its
// directive expects. As root the blocks run as the user `dra-readme` (created when missing);
// otherwise as the current user. KEEP=1 keeps the work folder for a look afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pageBlocks, scriptOf } from './markdown-blocks.mjs';

const repoRoot = resolve(import.meta.dirname, '../..');
const USER = 'dra-readme';
const PAGES = ['README.md', 'CONTRIBUTING.md'];

/** The environment of a fresh login: the parent's, without what pnpm, turbo or vitest set for it. */
function freshEnvironment(home, user) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|TURBO_|VITEST|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$|HOME$|USER$|LOGNAME$|PATH$|OLDPWD$|PWD$)/.test(key)) env[key] = value;
  }
  // The machine's certificate authorities, as its npm configuration names them: a user's own
  // npm prefix (~/.local) does not read the system-wide npmrc that holds them.
  const cafile = process.env.NODE_EXTRA_CA_CERTS ?? npmSetting('cafile');
  const certificates = cafile === null ? {} : { NODE_EXTRA_CA_CERTS: cafile, npm_config_cafile: cafile };
  // Debian's default ~/.profile puts ~/.local/bin on PATH.
  return { ...env, ...certificates, HOME: home, USER: user, LOGNAME: user, PATH: [join(home, '.local/bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':') };
}

/** A setting of this machine's npm configuration, or null when it is not set. */
function npmSetting(key) {
  const result = spawnSync('npm', ['config', 'get', key], { encoding: 'utf8' });
  const value = result.status === 0 ? result.stdout.trim() : '';
  return value === '' || value === 'null' || value === 'undefined' ? null : value;
}

/** As root: the unprivileged user the blocks run as (created without a home of its own). */
function unprivilegedUser() {
  if (process.getuid?.() !== 0) return null;
  if (spawnSync('id', ['-u', USER]).status !== 0) execFileSync('useradd', ['--no-create-home', '--shell', '/bin/bash', USER]);
  return USER;
}

function runBlock(block, clone, env, user) {
  const script = scriptOf(block);
  // runuser lives in /usr/sbin, which a normal user's PATH lacks: look it up in ours. It sets
  // HOME to the user's entry in /etc/passwd; env puts back the temporary one.
  const bash = ['bash', '-euo', 'pipefail', '-c', script];
  const command = user === null ? [bash[0], bash.slice(1)] : [execFileSync('sh', ['-c', 'command -v runuser'], { encoding: 'utf8' }).trim(), ['-u', user, '--', 'env', `HOME=${env.HOME}`, ...bash]];
  const started = performance.now();
  const result = spawnSync(command[0], command[1], { cwd: clone, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const where = `${block.page}:${block.line}`;
  if (result.error !== undefined) throw new Error(`${where}: could not start the block (${result.error.message})`);
  if (result.status !== 0) {
    console.log(result.stdout.slice(-4000));
    console.log(result.stderr.slice(-4000));
    throw new Error(`${where}: the block exited with ${result.status ?? result.signal}:\n${script}`);
  }
  for (const pattern of block.expect ?? []) {
    if (!new RegExp(pattern, 'm').test(result.stdout)) {
      console.log(result.stdout.slice(-4000));
      throw new Error(`${where}: stdout does not match ${JSON.stringify(pattern)}, as the page says it should`);
    }
  }
  for (const pattern of block.reject ?? []) {
    const found = new RegExp(pattern, 'm').exec(result.stdout);
    if (found !== null) throw new Error(`${where}: stdout has ${JSON.stringify(found[0])} (${JSON.stringify(pattern)}), which the page says it should not`);
  }
  console.log(`ok   ${where} (${seconds} s)`);
}

/** The first of `programs` the user's PATH lacks, or null. */
function missingProgram(programs, env) {
  return programs.find((program) => spawnSync('sh', ['-c', `command -v ${program}`], { env }).status !== 0) ?? null;
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'dra-readme-'));
  chmodSync(work, 0o755);
  const home = join(work, 'home');
  const clone = join(work, 'dra');
  const user = unprivilegedUser();
  try {
    mkdirSync(home);
    execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
    const head = execFileSync('git', ['-C', clone, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The pages of the commit being run, not of the working tree.
    const blocks = PAGES.flatMap((page) => pageBlocks(join(clone, page), page));
    if (user !== null) execFileSync('chown', ['-R', `${user}:${user}`, work]);
    console.log(`readme check: ${blocks.length} blocks of ${PAGES.join(' and ')}, commit ${head}, as ${user ?? 'the current user'} with home ${home}`);
    const env = freshEnvironment(home, user ?? process.env.USER ?? 'user');
    let skipped = 0;
    for (const block of blocks) {
      const missing = missingProgram(block.needs ?? [], env);
      if (block.skip !== undefined) {
        console.log(`skip ${block.page}:${block.line}: ${block.skip}`);
        skipped++;
      } else if (missing !== null) {
        console.log(`skip ${block.page}:${block.line}: it needs ${missing}, which is not on PATH`);
        skipped++;
      } else if (block.file !== undefined) {
        const path = block.file.startsWith('~/') ? join(home, block.file.slice(2)) : resolve(clone, block.file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, `${block.text}\n`);
        if (user !== null) execFileSync('chown', ['-R', `${user}:${user}`, dirname(path)]);
        console.log(`file ${block.page}:${block.line} -> ${block.file}`);
      } else {
        runBlock(block, clone, env, user);
      }
    }
    console.log(`readme check: ${blocks.length - skipped} blocks ran as written (or in their quick form) and passed; ${skipped} skipped, each with its reason above`);
  } finally {
    if (process.env.KEEP === '1') console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main();
