#!/usr/bin/env node
// Makes sure the browser tests have a Chromium: $CHROMIUM_PATH if set, else Debian's
// /usr/bin/chromium, installed with apt-get (as root, or with password-less sudo) when it
// is missing. Browsers are never downloaded by a test tool.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
if (process.env.CHROMIUM_PATH) {
  console.error(`ensure-chromium: CHROMIUM_PATH is '${path}', which does not exist`);
  process.exit(2);
}
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const prefix = root ? [] : ['sudo', '-n'];
const run = (args) => {
  const [command, ...rest] = [...prefix, ...args];
  const r = spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
};
console.error('ensure-chromium: no Chromium at /usr/bin/chromium; installing Debian\'s package (apt-get install -y chromium)');
if (!(run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', 'chromium'])) || !existsSync(path)) {
  console.error('ensure-chromium: could not install Chromium. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.');
  process.exit(1);
}
