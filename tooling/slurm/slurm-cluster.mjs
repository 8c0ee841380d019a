#!/usr/bin/env node
// A real, one-node SLURM cluster on a Debian 12 machine without systemd, for tests that
// submit job arrays. Installs Debian's packages when they are missing (as root, or with
// password-less sudo) and runs a private cluster next to whatever the machine already has:
// its own slurm.conf, ports, state, spool, pid and log files, all under
// /var/spool/slurm-cluster, and its own munged only when the machine runs none. It never
// writes to /etc/slurm and never stops a process it did not start. See README.md beside this
// file.
//
//   node tooling/slurm/slurm-cluster.mjs start   # start and leave running
//   node tooling/slurm/slurm-cluster.mjs stop    # stop whatever a start left running
//   node tooling/slurm/slurm-cluster.mjs check   # start, exercise arrays/dependencies, stop
//
// As a module: const r = await startCluster(); if (r.ok) { try { ... } finally { await r.cluster.stop(); } }
// Commands that should reach the cluster need r.cluster.env (SLURM_CONF) in their environment.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Everything the cluster writes is under BASE. The machine's own SLURM files (/etc/slurm,
// /var/spool/slurmctld, /run/slurmctld.pid, ...) and munge files are never written.
const BASE = '/var/spool/slurm-cluster';
const MARKER_FILE = `${BASE}/.slurm-cluster`;
const ETC_DIR = `${BASE}/etc`;
const CONF_FILE = `${ETC_DIR}/slurm.conf`;
const CONF_MARKER = '# Written by tooling/slurm/slurm-cluster.mjs';
const STATE_DIR = `${BASE}/ctld`;
const SPOOL_DIR = `${BASE}/d`;
const LOG_DIR = `${BASE}/log`;
const RUN_DIR = `${BASE}/run`;
const JOBCOMP_FILE = `${BASE}/jobcomp.txt`;
const CTLD_PID = `${RUN_DIR}/slurmctld.pid`;
const SLURMD_PID = `${RUN_DIR}/slurmd.pid`;
const CTLD_LOG = `${LOG_DIR}/slurmctld.log`;
const SLURMD_LOG = `${LOG_DIR}/slurmd.log`;
// Our own munged (only when the machine runs none): private socket, key, pid, log and seed.
const MUNGE_DIR = `${BASE}/munge`;
const MUNGE_SOCKET = `${MUNGE_DIR}/munge.socket.2`;
const MUNGE_KEY = `${MUNGE_DIR}/munge.key`;
const MUNGE_PID = `${MUNGE_DIR}/munged.pid`;
const MUNGE_LOG = `${MUNGE_DIR}/munged.log`;
const MUNGE_SEED = `${MUNGE_DIR}/munged.seed`;
// The names a start may find in BASE (earlier versions of this script made ctld, d, log and
// jobcomp.txt); anything else there means the directory is not ours.
const BASE_ENTRIES = ['.slurm-cluster', 'etc', 'ctld', 'd', 'log', 'run', 'munge', 'jobcomp.txt'];
// Where a machine's own munged listens (Debian's default).
const SITE_MUNGE_SOCKET = '/run/munge/munge.socket.2';
// Jobs of this cluster carry SLURM_CLUSTER_NAME=<this> in their environment; stray job
// processes are recognised by it, so it must not be a name a real cluster would use.
const CLUSTER_NAME = 'slurmclustertool';
// Not SLURM's 6817/6818, so that a machine's own slurmctld/slurmd can keep theirs.
const DEFAULT_PORTS = { slurmctld: 6917, slurmd: 6918 };
const PACKAGES = ['slurmctld', 'slurmd', 'slurm-client', 'munge'];
const BINARIES = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/sinfo', '/usr/bin/scancel', '/usr/bin/scontrol', '/usr/sbin/munged', '/usr/sbin/mungekey', '/usr/bin/munge'];
// Process names of SLURM and munge daemons (slurmscriptd is slurmctld's helper, slurmstepd
// runs each job for slurmd).
const DAEMON_NAMES = ['slurmctld', 'slurmscriptd', 'slurmd', 'slurmstepd', 'munged', 'slurmdbd'];

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Our slurm.conf is the one every command reads, whatever the caller's environment says.
const slurmEnv = () => ({ ...process.env, SLURM_CONF: CONF_FILE });

/** Runs a command; resolves { code, stdout, stderr } (never rejects). */
function run(command, args, { input, timeoutMs = 120_000, env = slurmEnv(), cwd } = {}) {
  return new Promise((resolve) => {
    const child = execFile(command, args, { env, cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      let code = 0;
      if (error) code = typeof error.code === 'number' ? error.code : 127;
      if (error && typeof error.code !== 'number' && !stderr) stderr = String(error.message);
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

/** Runs a command as root: directly when we are root, else through `sudo -n`. */
function priv(args, opts) {
  const [command, ...rest] = isRoot ? args : ['sudo', '-n', ...args];
  return run(command, rest, opts);
}

async function privOk(args, what, opts) {
  const r = await priv(args, opts);
  if (r.code !== 0) throw new Error(`${what} failed (${args.join(' ')}): ${(r.stderr || r.stdout).trim()}`);
  return r;
}

/** Starts a daemon as root with SLURM_CONF pointing at our file (sudo would drop it otherwise). */
function privDaemon(args, opts) {
  return priv(['env', `SLURM_CONF=${CONF_FILE}`, ...args], opts);
}

async function writeFilePriv(dest, content, { mode = '0644', owner = 'root' } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'slurm-cluster-'));
  try {
    const file = path.join(tmp, 'file');
    writeFileSync(file, content);
    await privOk(['install', '-m', mode, '-o', owner, '-g', owner, file, dest], `writing ${dest}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function readTextPriv(file) {
  const direct = readText(file);
  if (direct !== undefined) return direct;
  const r = await priv(['cat', file]);
  return r.code === 0 ? r.stdout : undefined;
}

async function logTail(file, lines = 15) {
  const text = await readTextPriv(file);
  if (text === undefined) return `(no log at ${file})`;
  const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
  return tail ? `last lines of ${file}:\n${tail}` : `(${file} is empty)`;
}

function lastLines(text, n = 6) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

// ---------------------------------------------------------------- processes

/** Every process on the machine: { pid, ppid, comm, state }. */
function listProcesses() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const rest = stat.slice(close + 2).split(' ');
    out.push({ pid: Number(name), comm: stat.slice(open + 1, close), state: rest[0], ppid: Number(rest[1]) });
  }
  return out;
}

/** True while the process exists and is not a zombie. */
function alive(pid) {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return false;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

function commOf(pid) {
  return (readText(`/proc/${pid}/comm`) ?? '').trim();
}

function cmdlineOf(pid) {
  return (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
}

function pidFromFile(file) {
  const text = readText(file);
  const pid = text ? Number.parseInt(text.trim(), 10) : Number.NaN;
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

/** A live process called `name` whose command line names `privatePath` (our conf file or munge socket). */
function isOurs(pid, name, privatePath) {
  return alive(pid) && commOf(pid) === name && cmdlineOf(pid).some((arg) => arg === privatePath || arg.endsWith(`=${privatePath}`));
}

/**
 * The daemons a start of this script left running: those named in our pid files and any other
 * daemon whose command line names our private slurm.conf (slurmctld and slurmd are started
 * with `-f <it>`) or our munge socket (`munged --socket=<it>`). Nothing else is ever ours.
 */
function ourDaemons(procs = listProcesses()) {
  const find = (name, pidFile, privatePath) => {
    const pids = new Set();
    const fromFile = pidFromFile(pidFile);
    if (fromFile !== undefined && isOurs(fromFile, name, privatePath)) pids.add(fromFile);
    for (const p of procs) if (p.comm === name && p.state !== 'Z' && isOurs(p.pid, name, privatePath)) pids.add(p.pid);
    return [...pids];
  };
  const slurmctld = find('slurmctld', CTLD_PID, CONF_FILE);
  return {
    slurmctld,
    // slurmctld's helper rewrites its command line; it is ours while its parent is.
    slurmscriptd: procs.filter((p) => p.comm === 'slurmscriptd' && p.state !== 'Z' && slurmctld.includes(p.ppid)).map((p) => p.pid),
    slurmd: find('slurmd', SLURMD_PID, CONF_FILE),
    munged: find('munged', MUNGE_PID, MUNGE_SOCKET),
  };
}

/**
 * The pids among `pids` whose environment has one of the `entries` (exact `NAME=value`
 * lines). Environments of other users' processes need root.
 */
async function withEnvironment(pids, entries) {
  if (pids.length === 0) return [];
  const patterns = entries.flatMap((e) => ['-e', e]);
  const r = await priv(['sh', '-c', `for p in "$@"; do grep -qzxF ${patterns.map(shellQuote).join(' ')} /proc/$p/environ 2>/dev/null && echo $p; done; true`, 'sh', ...pids.map(String)]);
  const found = new Set(r.stdout.split('\n').filter((l) => /^\d+$/.test(l)).map(Number));
  return pids.filter((pid) => found.has(pid));
}

function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * Processes started by a job of this cluster, found by SLURM_CLUSTER_NAME=<ours> in their
 * environment (slurmstepd puts it in every job's environment). This catches job processes
 * whose parent died, which SLURM's proctrack/linuxproc no longer finds.
 */
async function jobProcesses(procs = listProcesses()) {
  const mine = new Set([process.pid, process.ppid]);
  const candidates = procs.filter((p) => p.state !== 'Z' && p.pid > 1 && !mine.has(p.pid)).map((p) => p.pid);
  return withEnvironment(candidates, [`SLURM_CLUSTER_NAME=${CLUSTER_NAME}`]);
}

/**
 * The `name` processes (slurmstepd, slurmscriptd) of our daemons, also once their parent has
 * gone: they inherit its environment, which has SLURM_CONF=<our conf> (privDaemon sets it).
 * A machine's own have another or none.
 */
async function ourHelpers(name, procs = listProcesses()) {
  const pids = procs.filter((p) => p.comm === name && p.state !== 'Z').map((p) => p.pid);
  return withEnvironment(pids, [`SLURM_CONF=${CONF_FILE}`]);
}

async function signal(pids, sig) {
  const list = pids.filter(alive);
  if (list.length === 0) return;
  await priv(['kill', `-${sig}`, ...list.map(String)]);
}

async function waitGone(pids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pids.some(alive)) return true;
    await sleep(50);
  }
  return !pids.some(alive);
}

/** SIGTERM, wait, then SIGKILL whatever is left. Returns the pids that would not die. */
async function terminate(pids, graceMs = 10_000) {
  const list = [...new Set(pids)].filter(alive);
  if (list.length === 0) return [];
  await signal(list, 'TERM');
  if (await waitGone(list, graceMs)) return [];
  await signal(list, 'KILL');
  await waitGone(list, 5_000);
  return list.filter(alive);
}

function descendants(rootPids, procs = listProcesses()) {
  const children = new Map();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p.pid);
  }
  const out = [];
  const stack = [...rootPids];
  while (stack.length) {
    const pid = stack.pop();
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/**
 * Stops what this script started, and nothing else: our slurmctld and slurmd (by pid file or
 * our conf path in their command line), the slurmstepd processes of our slurmd with their
 * jobs' processes, stray job processes of our cluster, and our own munged if we started one.
 * A machine's own daemons and jobs are not looked at. Returns the pids that would not die.
 */
async function stopDaemons(log) {
  const stubborn = [];
  const signalled = [];
  const stop = async (name, pids) => {
    if (pids.length === 0) return;
    log(`stopping our ${name} (pid ${pids.join(', ')})`);
    signalled.push(...pids);
    stubborn.push(...(await terminate(pids)));
  };

  await stop('slurmctld', ourDaemons().slurmctld);
  // slurmctld stops its slurmscriptd itself; one is left only if slurmctld was killed.
  await stop('slurmscriptd', await ourHelpers('slurmscriptd'));
  await stop('slurmd', ourDaemons().slurmd);

  // Job steps outlive slurmd; kill them and every process of their jobs at once.
  const procs = listProcesses();
  const steps = await ourHelpers('slurmstepd', procs);
  const tree = steps.length ? [...steps, ...descendants(steps, procs)] : [];
  // With proctrack/linuxproc a job process whose parent died is no longer under its
  // slurmstepd (and SLURM never kills it); it still has our cluster's name in its environment.
  const strays = (await jobProcesses(procs)).filter((pid) => !tree.includes(pid));
  if (tree.length || strays.length) {
    log(`killing ${steps.length} slurmstepd process(es) of ours and ${tree.length - steps.length + strays.length} process(es) of our jobs`);
    const all = [...tree, ...strays];
    signalled.push(...all);
    await signal(all, 'KILL');
    await waitGone(all, 5_000);
    stubborn.push(...all.filter(alive));
  }

  await stop('munged', ourDaemons().munged);

  // Killed daemons stay zombies until init reaps them (on some machines every 2 s or so);
  // wait for that, so that `pgrep slurm` right after a stop shows nothing of ours.
  await waitFor(() => signalled.every((pid) => alive(pid) || !existsSync(`/proc/${pid}`)), 5_000, 100);
  return stubborn;
}

// ---------------------------------------------------------------- checks before a start

/** TCP ports something listens on, from /proc/net/tcp and tcp6 (no privileges needed). */
function listeningPorts() {
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readText(file) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A: LISTEN
      ports.add(Number.parseInt(cols[1].split(':').pop(), 16));
    }
  }
  return ports;
}

async function portOwner(port) {
  const r = await priv(['ss', '-Hltnp', `sport = :${port}`]);
  const users = r.code === 0 ? [...r.stdout.matchAll(/users:\(\((.*?)\)\)/g)].map((m) => m[1]) : [];
  return users.length ? ` (${users.join('; ')})` : '';
}

/** SLURM or munge programs outside Debian's /usr/bin and /usr/sbin: a SLURM installed some other way. */
function foreignPrograms() {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/bin', '/usr/local/sbin', '/opt/slurm/bin', '/opt/slurm/sbin'];
  const found = new Set();
  for (const name of ['sbatch', 'squeue', 'slurmctld', 'slurmd', 'munged']) {
    for (const dir of dirs) {
      if (!dir || !path.isAbsolute(dir)) continue;
      const file = path.join(dir, name);
      let real;
      try {
        real = realpathSync(file);
      } catch {
        continue;
      }
      if (!real.startsWith('/usr/bin/') && !real.startsWith('/usr/sbin/')) found.add(file);
    }
  }
  return [...found];
}

/** The first `name` on PATH, as the test's CLI would run it. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Ensures BASE is ours (or absent) and empties it, keeping nothing of an earlier start. */
async function prepareBase() {
  let entries = [];
  if (existsSync(BASE)) {
    try {
      entries = readdirSync(BASE);
    } catch {
      const r = await privOk(['ls', '-A', BASE], `listing ${BASE}`);
      entries = r.stdout.split('\n').filter(Boolean);
    }
    const foreign = entries.filter((n) => !BASE_ENTRIES.includes(n));
    if (foreign.length && !entries.includes('.slurm-cluster')) {
      throw new Error(`${BASE} exists and was not made by this script (it holds ${foreign.slice(0, 5).join(', ')}); not touching it`);
    }
  }
  const ours = BASE_ENTRIES.filter((n) => n !== '.slurm-cluster').map((n) => `${BASE}/${n}`);
  await privOk(['rm', '-rf', ...ours], `emptying ${BASE}`);
  // Root-owned and not group/other-writable: munged refuses directories under a path that is not.
  await privOk(['install', '-d', '-m', '0755', '-o', 'root', '-g', 'root', BASE, ETC_DIR, SPOOL_DIR], `creating ${BASE}`);
  await privOk(['install', '-d', '-m', '0755', '-o', 'slurm', '-g', 'slurm', STATE_DIR, LOG_DIR, RUN_DIR], 'creating state directories');
  await writeFilePriv(MARKER_FILE, 'Made by tooling/slurm/slurm-cluster.mjs; emptied by its next start.\n');
  await writeFilePriv(JOBCOMP_FILE, '', { mode: '0644', owner: 'slurm' });
}

// ---------------------------------------------------------------- config

function configText({ host, nodeLine, extraConfig, ports, mungeSocket }) {
  return `${CONF_MARKER} for a private one-node cluster;
# started with slurmctld/slurmd -f ${CONF_FILE}, clients reach it with SLURM_CONF=${CONF_FILE}.
ClusterName=${CLUSTER_NAME}
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
SlurmctldPort=${ports.slurmctld}
SlurmdPort=${ports.slurmd}
AuthType=auth/munge
CredType=cred/munge
${mungeSocket === SITE_MUNGE_SOCKET ? '' : `AuthInfo=socket=${mungeSocket}`}
StateSaveLocation=${STATE_DIR}
SlurmdSpoolDir=${SPOOL_DIR}
SlurmctldPidFile=${CTLD_PID}
SlurmdPidFile=${SLURMD_PID}
SlurmctldLogFile=${CTLD_LOG}
SlurmdLogFile=${SLURMD_LOG}
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# The node line below may claim more CPUs than the machine has; take it as written.
SlurmdParameters=config_overrides
SchedulerParameters=sched_interval=1
DependencyParameters=kill_invalid_depend
JobCompType=jobcomp/filetxt
JobCompLoc=${JOBCOMP_FILE}
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
ReturnToService=2
InactiveLimit=0
${extraConfig.join('\n')}
${nodeLine}
PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP
`.replace(/\n{2,}/g, '\n');
}

/** The node line for slurm.conf from `slurmd -C`, with the advertised CPU count. */
async function nodeLineFor(host, cpus) {
  const r = await run('/usr/sbin/slurmd', ['-C']);
  const line = r.stdout.split('\n').find((l) => l.startsWith('NodeName='));
  const memory = line?.match(/RealMemory=(\d+)/)?.[1];
  // Only CPUs (and memory): with a socket/core layout from the real machine, a larger CPU
  // count would not add up. Slurm then takes each CPU as a one-core socket.
  return `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus}${memory ? ` RealMemory=${memory}` : ''} State=UNKNOWN`;
}

// ---------------------------------------------------------------- install

function missingBinaries() {
  return BINARIES.filter((b) => !existsSync(b));
}

async function ensurePackages(log) {
  const missing = missingBinaries();
  if (missing.length === 0) return { ok: true, installed: false };
  // A SLURM built or installed some other way: Debian's packages next to it would put a second
  // set of commands on the machine (and on PATH). Leave that machine alone.
  const foreign = foreignPrograms();
  if (foreign.length) {
    return { ok: false, reason: `this machine has SLURM or munge programs that are not Debian's (${foreign.join(', ')}) and lacks ${missing.join(', ')}; installing Debian's packages next to them could disturb that installation, so this script does not` };
  }
  const t0 = Date.now();
  log(`installing Debian packages: ${PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...PACKAGES];
  let r = await priv(install, { env, timeoutMs: 15 * 60_000 });
  if (r.code !== 0) {
    log('apt-get install failed; running apt-get update and trying again');
    const u = await priv(['apt-get', 'update', '-q', '-o', 'DPkg::Lock::Timeout=300'], { env, timeoutMs: 10 * 60_000 });
    if (u.code !== 0) return { ok: false, reason: `apt-get update failed (exit ${u.code}): ${lastLines(u.stderr || u.stdout)}` };
    r = await priv(install, { env, timeoutMs: 15 * 60_000 });
  }
  if (r.code !== 0) return { ok: false, reason: `apt-get install ${PACKAGES.join(' ')} failed (exit ${r.code}): ${lastLines(r.stderr || r.stdout)}` };
  const still = missingBinaries();
  if (still.length) return { ok: false, reason: `apt-get install succeeded but these are still missing: ${still.join(', ')}` };
  const seconds = (Date.now() - t0) / 1000;
  log(`installed in ${seconds.toFixed(1)} s`);
  return { ok: true, installed: true, seconds };
}

// ---------------------------------------------------------------- start

async function waitFor(predicate, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

const mungeAnswers = async (socket) => (await run('/usr/bin/munge', ['-n', '-S', socket], { timeoutMs: 10_000 })).code === 0;

/**
 * A munged for the cluster: the machine's own when one answers on the standard socket (used
 * as it is, never stopped), else one of ours with a private key, socket, pid, log and seed
 * file. Resolves { socket, own }.
 */
async function setUpMunge(log, timeoutMs) {
  if (await mungeAnswers(SITE_MUNGE_SOCKET)) {
    log(`using the munged already running on this machine (${SITE_MUNGE_SOCKET}); it is left alone`);
    return { socket: SITE_MUNGE_SOCKET, own: false };
  }
  await privOk(['install', '-d', '-m', '0755', '-o', 'munge', '-g', 'munge', MUNGE_DIR], `creating ${MUNGE_DIR}`);
  await privOk(['runuser', '-u', 'munge', '--', '/usr/sbin/mungekey', '--create', `--keyfile=${MUNGE_KEY}`], 'creating a munge key');
  log('starting our own munged');
  const r = await priv(['runuser', '-u', 'munge', '--', '/usr/sbin/munged', `--socket=${MUNGE_SOCKET}`, `--key-file=${MUNGE_KEY}`,
    `--pid-file=${MUNGE_PID}`, `--log-file=${MUNGE_LOG}`, `--seed-file=${MUNGE_SEED}`]);
  if (r.code !== 0) throw new Error(`munged would not start (exit ${r.code}): ${(r.stderr || r.stdout).trim()}\n${await logTail(MUNGE_LOG)}`);
  const up = await waitFor(() => mungeAnswers(MUNGE_SOCKET), timeoutMs);
  if (!up) throw new Error(`munged did not answer on ${MUNGE_SOCKET} within ${timeoutMs / 1000} s\n${await logTail(MUNGE_LOG)}`);
  return { socket: MUNGE_SOCKET, own: true };
}

async function startDaemon(name, args, pidFile, logFile, timeoutMs) {
  const r = await privDaemon([`/usr/sbin/${name}`, ...args, '-f', CONF_FILE], { timeoutMs });
  if (r.code !== 0) throw new Error(`${name} would not start (exit ${r.code}): ${(r.stderr || r.stdout).trim()}\n${await logTail(logFile)}`);
  const up = await waitFor(() => {
    const pid = pidFromFile(pidFile);
    return pid !== undefined && isOurs(pid, name, CONF_FILE);
  }, timeoutMs);
  if (!up) throw new Error(`${name} did not come up within ${timeoutMs / 1000} s\n${await logTail(logFile)}`);
  return pidFromFile(pidFile);
}

async function nodeState(host) {
  const r = await run('/usr/bin/sinfo', ['-h', '-N', '-n', host, '-o', '%T'], { timeoutMs: 15_000 });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** The machine's own SLURM and munge daemons: running, and not started by this script. */
function siteDaemons() {
  const procs = listProcesses().filter((p) => DAEMON_NAMES.includes(p.comm) && p.state !== 'Z' && p.comm !== 'slurmstepd');
  const ours = new Set(Object.values(ourDaemons()).flat());
  return procs.filter((p) => !ours.has(p.pid));
}

/**
 * Starts a one-node cluster. Never throws: resolves { ok: true, cluster } or { ok: false, reason }.
 * @param {{ cpus?: number, log?: (message: string) => void, timeoutMs?: number, extraConfig?: string[], waitForScheduler?: boolean, ports?: { slurmctld?: number, slurmd?: number } }} [options]
 *   cpus: CPUs the node advertises (array tasks of one CPU each that may run at once), default 4.
 *   log: where progress messages go, default console.error.
 *   timeoutMs: how long each daemon, and then the node, may take to come up, default 30 s.
 *   extraConfig: more slurm.conf lines (e.g. 'KillWait=5'), placed before the node line.
 *   waitForScheduler: also wait for slurmctld's first scheduling pass (about 3 s after it
 *     starts), so that the first job submitted starts as quickly as later ones; default true.
 *   ports: SlurmctldPort and SlurmdPort, default 6917 and 6918 (not SLURM's 6817/6818).
 */
export async function startCluster({ cpus = 4, log = console.error, timeoutMs = 30_000, extraConfig = [], waitForScheduler = true, ports: portOptions = {} } = {}) {
  const say = (message) => log(`slurm-cluster: ${message}`);
  const t0 = Date.now();
  const ports = { ...DEFAULT_PORTS, ...portOptions };
  if (!Number.isInteger(cpus) || cpus < 1) return { ok: false, reason: `cpus must be a positive integer, not ${cpus}` };
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, reason: `ports.${name} must be a TCP port number, not ${port}` };
  }
  if (ports.slurmctld === ports.slurmd) return { ok: false, reason: `ports.slurmctld and ports.slurmd must differ (both are ${ports.slurmd})` };
  if (process.platform !== 'linux') return { ok: false, reason: `this needs Linux (Debian 12); this is ${process.platform}` };
  if (!isRoot) {
    const s = await run('sudo', ['-n', 'true']);
    if (s.code !== 0) return { ok: false, reason: 'not running as root and there is no password-less sudo (sudo -n true failed), so the SLURM daemons cannot be installed or started' };
  }
  if (!existsSync('/usr/bin/apt-get')) return { ok: false, reason: 'no apt-get: this script supports Debian (12) only' };

  const installed = await ensurePackages(say);
  if (!installed.ok) return { ok: false, reason: installed.reason };
  for (const user of ['slurm', 'munge']) {
    if ((await run('getent', ['passwd', user])).code !== 0) return { ok: false, reason: `there is no '${user}' user (Debian's packages create it); this machine's SLURM or munge is not installed the way this script expects` };
  }
  const sbatchOnPath = onPath('sbatch');
  if (sbatchOnPath && realpathSync(sbatchOnPath) !== '/usr/bin/sbatch') {
    say(`note: sbatch on PATH is ${sbatchOnPath}, not /usr/bin/sbatch; commands run through PATH may not speak this cluster's SLURM version`);
  }

  const host = os.hostname().split('.')[0];
  let cluster;
  let daemonsStarted = false;
  try {
    // What an earlier start of this script left running goes first (found by our pid files and
    // private paths, never by name alone), so that its ports are free again.
    const stubborn = await stopDaemons(say);
    if (stubborn.length) return { ok: false, reason: `could not stop the daemons an earlier start of this script left (pid ${stubborn.join(', ')})` };

    const site = siteDaemons();
    if (site.length) say(`leaving alone this machine's own ${site.map((p) => `${p.comm} (pid ${p.pid})`).join(', ')}`);
    const listening = listeningPorts();
    for (const [name, port] of Object.entries(ports)) {
      if (listening.has(port)) {
        return { ok: false, reason: `TCP port ${port}, which this cluster's ${name} needs, is already in use on this machine${await portOwner(port)}; not touching whatever holds it (startCluster's ports option picks others)` };
      }
    }

    await prepareBase();
    const nodeLine = await nodeLineFor(host, cpus);
    daemonsStarted = true;
    const munge = await setUpMunge(say, timeoutMs);
    await writeFilePriv(CONF_FILE, configText({ host, nodeLine, extraConfig, ports, mungeSocket: munge.socket }));
    cluster = makeCluster({ host, cpus, log, startedAt: t0, ports, munge });

    say(`starting slurmctld (port ${ports.slurmctld}, ${CONF_FILE})`);
    await startDaemon('slurmctld', ['-i'], CTLD_PID, CTLD_LOG, timeoutMs);
    say(`starting slurmd (port ${ports.slurmd})`);
    await startDaemon('slurmd', ['-N', host], SLURMD_PID, SLURMD_LOG, timeoutMs);

    let last;
    const idle = await waitFor(async () => {
      last = await nodeState(host);
      return last === 'idle';
    }, timeoutMs, 100);
    if (!idle) {
      throw new Error(`node ${host} was not idle within ${timeoutMs / 1000} s (sinfo says '${last ?? 'nothing'}')\n${await logTail(CTLD_LOG)}\n${await logTail(SLURMD_LOG)}`);
    }
    if (waitForScheduler) {
      // slurmctld's first scheduling pass comes about 3 s after it starts; a job submitted
      // before then waits for it. Wait here instead, so the first job starts like any other.
      const passed = await waitFor(async () => /\] SchedulerParameters=/.test((await readTextPriv(CTLD_LOG)) ?? ''), 15_000, 100);
      if (!passed) say('slurmctld has not logged its first scheduling pass yet; going on');
    }
    cluster.startSeconds = (Date.now() - t0) / 1000;
    cluster.installSeconds = installed.installed ? installed.seconds : 0;
    say(`ready: node ${host} is idle with ${cpus} CPUs, ${cluster.startSeconds.toFixed(1)} s after start${installed.installed ? ` (install included: ${installed.seconds.toFixed(1)} s)` : ''}; clients need SLURM_CONF=${CONF_FILE}`);
    return { ok: true, cluster };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      if (cluster) await cluster.stop();
      else if (daemonsStarted) await stopCluster({ log });
    } catch (stopError) {
      say(`stopping after the failed start failed too: ${stopError.message}`);
    }
    return { ok: false, reason };
  }
}

/**
 * Stops whatever a start of this script left running (found by its pid files and private
 * paths), from any process, and nothing else. Safe to call at any time, any number of times.
 */
export async function stopCluster({ log = console.error } = {}) {
  const say = (message) => log(`slurm-cluster: ${message}`);
  const procs = listProcesses();
  const ours = Object.values(ourDaemons(procs)).flat();
  const hasPriv = isRoot || (await run('sudo', ['-n', 'true'])).code === 0;
  if (!hasPriv) {
    if (ours.length === 0) return; // nothing of ours runs, and other users' jobs cannot be ours to see
    throw new Error(`not running as root and there is no password-less sudo: cannot stop this script's SLURM daemons (pid ${ours.join(', ')})`);
  }
  const stubborn = await stopDaemons(say);
  if (stubborn.length) throw new Error(`these processes would not die: ${stubborn.join(', ')}`);
}

// ---------------------------------------------------------------- the cluster object

/** Parses `Key=value Key=value ...` lines of jobcomp/filetxt (values may contain spaces). */
export function parseJobcomp(text) {
  const records = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const fields = {};
    // A field starts at a word of letters followed by '=' at the start or after a space.
    const re = /(?:^|\s)([A-Za-z]+)=/g;
    const starts = [];
    let m;
    while ((m = re.exec(line))) starts.push({ key: m[1], valueStart: m.index + m[0].length, keyStart: m.index });
    starts.forEach((s, i) => {
      const end = i + 1 < starts.length ? starts[i + 1].keyStart : line.length;
      fields[s.key] = line.slice(s.valueStart, end).trim();
    });
    const [exitCode, exitSignal] = (fields.ExitCode ?? '').split(':').map((v) => Number.parseInt(v, 10));
    const arrayTask = fields.ArrayTaskId !== undefined && /^\d+$/.test(fields.ArrayTaskId) ? Number(fields.ArrayTaskId) : undefined;
    const arrayJob = arrayTask !== undefined && fields.ArrayJobId && fields.ArrayJobId !== '0' ? fields.ArrayJobId : undefined;
    records.push({
      id: arrayJob !== undefined ? `${arrayJob}_${arrayTask}` : fields.JobId,
      jobId: fields.JobId,
      arrayJobId: arrayJob,
      arrayTaskId: arrayJob !== undefined ? arrayTask : undefined,
      name: fields.Name,
      jobState: fields.JobState,
      exitCode: Number.isNaN(exitCode) ? undefined : exitCode,
      exitSignal: Number.isNaN(exitSignal) ? undefined : exitSignal,
      exitCodeRaw: fields.ExitCode,
      startTime: fields.StartTime,
      endTime: fields.EndTime,
      nodeList: fields.NodeList,
      fields,
    });
  }
  return records;
}

function makeCluster({ host, cpus, log, startedAt, ports, munge }) {
  let stopping;
  const cluster = {
    hostname: host,
    cpus,
    clusterName: CLUSTER_NAME,
    ports: { ...ports },
    /** What a command needs in its environment to reach this cluster (sbatch, squeue, scancel, ...). */
    env: { SLURM_CONF: CONF_FILE },
    jobcompFile: JOBCOMP_FILE,
    confFile: CONF_FILE,
    logFiles: { slurmctld: CTLD_LOG, slurmd: SLURMD_LOG, munged: munge.own ? MUNGE_LOG : undefined },
    munge: { socket: munge.socket, own: munge.own },
    startedAt,
    startSeconds: undefined,
    installSeconds: undefined,

    /** Stops what the start started (and nothing else); idempotent, safe after a failed start. */
    stop() {
      stopping ??= stopCluster({ log });
      return stopping;
    },

    /** sbatch --parsable ...args; resolves the job id (a string). Throws with sbatch's stderr. */
    async submit(args, { cwd } = {}) {
      const r = await run('/usr/bin/sbatch', ['--parsable', ...args], { cwd, timeoutMs: 60_000 });
      const id = r.stdout.trim().split('\n').pop()?.split(';')[0] ?? '';
      if (r.code !== 0 || !/^\d+$/.test(id)) {
        throw new Error(`sbatch ${args.join(' ')} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
      }
      return id;
    },

    /** Polls squeue until none of the jobs (ids, array ids or task ids) is pending or running. */
    async waitForJobs(ids, { timeoutMs = 120_000, intervalMs = 250 } = {}) {
      const list = (Array.isArray(ids) ? ids : [ids]).map(String);
      if (list.length === 0) return;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const lines = await squeueLines(list);
        if (lines.length === 0) return;
        if (Date.now() >= deadline) {
          throw new Error(`jobs still queued or running after ${timeoutMs / 1000} s: ${lines.map((l) => `${l.id} ${l.state}${l.reason && l.reason !== 'None' ? ` (${l.reason})` : ''}`).join(', ')}`);
        }
        await sleep(intervalMs);
      }
    },

    /** The finished jobs and array tasks, one record per line of the jobcomp file. */
    finalStates() {
      return parseJobcomp(readText(JOBCOMP_FILE) ?? '');
    },

    /** scancel an id: a job, a whole array ('12') or one task ('12_3'); extra scancel args allowed. */
    async cancel(idOrTaskId, extraArgs = []) {
      const r = await run('/usr/bin/scancel', [...extraArgs, String(idOrTaskId)], { timeoutMs: 30_000 });
      if (r.code !== 0) throw new Error(`scancel ${idOrTaskId} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
    },

    /** The queued or running tasks of a job, one per array task: { id, jobId, arrayJobId, arrayTaskId, state, reason }. */
    async queue(jobId) {
      return squeueLines([String(jobId)]);
    },

    /** The node's state as sinfo reports it ('idle', 'mixed', 'allocated', ...). */
    async nodeState() {
      return nodeState(host);
    },
  };
  return cluster;
}

async function squeueLines(ids) {
  // -r: one line per array task, pending ones included.
  const r = await run('/usr/bin/squeue', ['-h', '-r', '-j', ids.join(','), '-o', '%i|%A|%F|%K|%T|%r'], { timeoutMs: 30_000 });
  if (r.code !== 0) {
    // Jobs that have left the controller's memory altogether are not queued either.
    if (/Invalid job id/i.test(r.stderr)) return [];
    throw new Error(`squeue -j ${ids.join(',')} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [id, jobId, arrayJobId, arrayTaskId, state, reason] = l.trim().split('|');
      const isTask = /^\d+$/.test(arrayTaskId ?? '');
      return {
        id,
        jobId,
        arrayJobId: isTask ? arrayJobId : undefined,
        arrayTaskId: isTask ? Number(arrayTaskId) : undefined,
        state,
        reason,
      };
    });
}

// ---------------------------------------------------------------- command line

/** Names, types, modes, owners, sizes, times and checksums of the machine's own SLURM and munge files. */
async function machineFilesSnapshot() {
  const dirs = ['/etc/slurm', '/etc/slurm-llnl', '/etc/munge', '/run/munge', '/var/lib/munge', '/var/spool/slurmctld', '/var/spool/slurmd'];
  const r = await priv(['sh', '-c', 'for d in "$@"; do [ -e "$d" ] || continue; find "$d" -printf "%p %y %m %u:%g %s %T@\\n"; find "$d" -type f -exec sha256sum {} +; done 2>/dev/null | sort', 'sh', ...dirs]);
  return r.stdout;
}

/** Processes left by this script: its daemons, its slurmstepd and its jobs' processes. */
async function leftovers() {
  const procs = listProcesses();
  const pids = [...Object.values(ourDaemons(procs)).flat(), ...(await ourHelpers('slurmscriptd', procs)), ...(await ourHelpers('slurmstepd', procs)), ...(await jobProcesses(procs))];
  return [...new Set(pids)].map((pid) => `${commOf(pid) || '?'}/${pid}`);
}

async function check({ ports } = {}) {
  const t0 = Date.now();
  const problems = [];
  const expect = (ok, what) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) problems.push(what);
  };
  // The machine's own SLURM and munge, to show afterwards that the cluster left them alone.
  const filesBefore = await machineFilesSnapshot();
  const siteBefore = siteDaemons();
  const started = await startCluster({ ports });
  if (!started.ok) {
    console.log(`FAIL could not start the cluster: ${started.reason}`);
    return 1;
  }
  const { cluster } = started;
  let exiting = false;
  const onSignal = (sig) => {
    if (exiting) return;
    exiting = true;
    console.error(`slurm-cluster: ${sig}: stopping the cluster`);
    cluster.stop().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slurm-check-'));
  try {
    console.log(`cluster up on ${cluster.hostname} (${cluster.cpus} CPUs) in ${cluster.startSeconds.toFixed(1)} s${cluster.installSeconds ? `, of which install ${cluster.installSeconds.toFixed(1)} s` : ''}`);
    const out = (name) => [`--output=${dir}/${name}-%A_%a.out`, '--chdir', dir];
    const now = 'date +%s.%N';

    // 1. A 4-task array that should run all at once, and a job that waits for it (afterok).
    const tA = Date.now();
    const a = await cluster.submit([...out('a'), '--job-name=check-array', '--array=0-3', '--wrap',
      `s=$(${now}); sleep 2; echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_MIN $SLURM_ARRAY_TASK_COUNT $s $(${now})" > ${dir}/a-$SLURM_ARRAY_TASK_ID.txt`]);
    // Submitted as a test's CLI would: the sbatch found on PATH, reaching the cluster through cluster.env.
    const viaPath = await run('sbatch', ['--parsable', ...out('b'), '--job-name=check-after-ok', `--dependency=afterok:${a}`, '--kill-on-invalid-dep=yes', '--wrap', `${now} > ${dir}/b.txt`], { env: { ...process.env, ...cluster.env } });
    const b = viaPath.stdout.trim().split(';')[0];
    expect(viaPath.code === 0 && /^\d+$/.test(b), `sbatch from PATH with SLURM_CONF=${cluster.env.SLURM_CONF} submitted job ${b || `(none: ${viaPath.stderr.trim()})`}`);

    // 2. A failing 2-task array and a job that waits for it to succeed (must be cancelled, not left pending).
    const f = await cluster.submit([...out('f'), '--job-name=check-failing', '--array=0-1', '--wrap', 'exit 3']);
    const g = await cluster.submit([...out('g'), '--job-name=check-after-failed', `--dependency=afterok:${f}`, '--kill-on-invalid-dep=yes', '--wrap', `touch ${dir}/g-ran`]);

    await cluster.waitForJobs([a, b], { timeoutMs: 60_000 });
    const tAB = (Date.now() - tA) / 1000;
    await cluster.waitForJobs([f, g], { timeoutMs: 30_000 });

    const tasks = [0, 1, 2, 3].map((i) => (readText(`${dir}/a-${i}.txt`) ?? '').trim().split(' '));
    expect(tasks.every((t, i) => t[0] === String(i) && t[1] === '0' && t[2] === '4'), `array ${a}: each task wrote its SLURM_ARRAY_TASK_ID, MIN=0, COUNT=4 (${tasks.map((t) => t.slice(0, 3).join('/')).join(', ')})`);
    const starts = tasks.map((t) => Number(t[3]));
    const ends = tasks.map((t) => Number(t[4]));
    const overlap = Math.max(...starts) < Math.min(...ends);
    expect(overlap, `array ${a}: all 4 tasks ran at once (first start ${(Math.min(...starts) - tA / 1000).toFixed(2)} s after submit, starts spread ${(Math.max(...starts) - Math.min(...starts)).toFixed(2)} s, first start to last end ${(Math.max(...ends) - Math.min(...starts)).toFixed(2)} s)`);
    const bStart = Number((readText(`${dir}/b.txt`) ?? '').trim());
    expect(bStart > Math.max(...ends), `job ${b} (afterok:${a}) ran after the array, ${(bStart - Math.max(...ends)).toFixed(2)} s after its last task ended; waitForJobs saw both done ${tAB.toFixed(1)} s after submit`);

    // 3. afterany on an array one of whose tasks is cancelled part way; the cancelled task traps SIGTERM.
    const c = await cluster.submit([...out('c'), '--job-name=check-cancel', '--array=0-2', '--wrap',
      `trap 'echo TERM $(${now}) >> ${dir}/c-$SLURM_ARRAY_TASK_ID.signals; exit 143' TERM; echo $$ > ${dir}/c-$SLURM_ARRAY_TASK_ID.pid; ` +
      `if [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then sleep 60 & wait $!; else sleep 3; fi`]);
    const d = await cluster.submit([...out('d'), '--job-name=check-after-any', `--dependency=afterany:${c}`, '--wrap', `touch ${dir}/d-ran`]);
    const running = await waitFor(async () => (await cluster.queue(c)).some((t) => t.arrayTaskId === 1 && t.state === 'RUNNING') && existsSync(`${dir}/c-1.pid`), 20_000, 100);
    expect(running, `array ${c}: task 1 is RUNNING`);
    await sleep(500);
    const tCancel = Date.now() / 1000;
    await cluster.cancel(`${c}_1`);
    await cluster.waitForJobs([c, d], { timeoutMs: 60_000 });
    const termAt = Number((readText(`${dir}/c-1.signals`) ?? '').trim().split(' ')[1]);
    expect(Number.isFinite(termAt), `array ${c}: the batch script of task 1 got SIGTERM (trap ran ${Number.isFinite(termAt) ? `${(termAt - tCancel).toFixed(2)} s after scancel` : 'never'})`);
    expect(existsSync(`${dir}/d-ran`), `job ${d} (afterany:${c}) ran after the cancelled task`);

    // slurmctld writes a job's jobcomp line before squeue stops listing it: no wait needed.
    const states = cluster.finalStates();
    console.log(`\njobcomp file ${cluster.jobcompFile}:`);
    for (const s of states) console.log(`  ${s.id.padEnd(8)} ${(s.name ?? '').padEnd(20)} ${(s.jobState ?? '').padEnd(10)} ExitCode=${s.exitCodeRaw}  ${s.startTime} -> ${s.endTime}`);
    console.log('');
    const of = (id) => states.find((s) => s.id === id);
    const stateIs = (id, state, code) => {
      const s = of(id);
      expect(s?.jobState === state && (code === undefined || s.exitCode === code), `${id}: ${state}${code === undefined ? '' : ` exit ${code}`} (jobcomp says ${s ? `${s.jobState} ${s.exitCodeRaw}` : 'nothing'})`);
    };
    for (const i of [0, 1, 2, 3]) stateIs(`${a}_${i}`, 'COMPLETED', 0);
    stateIs(b, 'COMPLETED', 0);
    for (const i of [0, 1]) stateIs(`${f}_${i}`, 'FAILED', 3);
    stateIs(g, 'CANCELLED');
    expect(!existsSync(`${dir}/g-ran`), `job ${g} (afterok on a failed array) never ran`);
    expect((await cluster.queue(g)).length === 0, `job ${g} is not left PENDING in squeue`);
    for (const i of [0, 2]) stateIs(`${c}_${i}`, 'COMPLETED', 0);
    stateIs(`${c}_1`, 'CANCELLED');
    stateIs(d, 'COMPLETED', 0);
    expect((await cluster.nodeState()) === 'idle', 'the node is idle again');
  } catch (error) {
    expect(false, `unexpected error: ${error instanceof Error ? error.message : error}`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const left = await leftovers();
  expect(left.length === 0, `nothing this script started is left after stop${left.length ? ` (still: ${left.join(', ')})` : ''}`);
  const siteGone = siteBefore.filter((p) => !alive(p.pid) || commOf(p.pid) !== p.comm);
  expect(siteGone.length === 0, `this machine's own daemons that ran before the check still run (${siteBefore.length ? siteBefore.map((p) => `${p.comm}/${p.pid}`).join(', ') : 'there were none'})${siteGone.length ? `; gone: ${siteGone.map((p) => `${p.comm}/${p.pid}`).join(', ')}` : ''}`);
  const filesAfter = await machineFilesSnapshot();
  expect(filesAfter === filesBefore, `this machine's own SLURM and munge files (/etc/slurm, /etc/munge, /run/munge, ...) are as they were (${filesBefore.split('\n').filter(Boolean).length} lines of listing and checksums compared)`);
  console.log(`\ncheck took ${((Date.now() - t0) / 1000).toFixed(1)} s: ${problems.length === 0 ? 'everything behaved as expected' : `${problems.length} problem(s)`}`);
  return problems.length === 0 ? 0 : 1;
}

async function main(argv) {
  const [command, ...rest] = argv;
  const cpusArg = rest.find((a) => a.startsWith('--cpus='));
  const cpus = cpusArg ? Number(cpusArg.slice('--cpus='.length)) : 4;
  const portsArg = rest.find((a) => a.startsWith('--ports='));
  const [slurmctld, slurmd] = portsArg ? portsArg.slice('--ports='.length).split(',').map(Number) : [];
  const ports = portsArg ? { slurmctld, slurmd } : undefined;
  if (command === 'start') {
    const r = await startCluster({ cpus, ports });
    if (!r.ok) {
      console.error(`slurm-cluster: could not start: ${r.reason}`);
      return 1;
    }
    console.log(`SLURM is running on ${r.cluster.hostname} with ${r.cluster.cpus} CPUs (ports ${r.cluster.ports.slurmctld}/${r.cluster.ports.slurmd}); finished jobs are logged to ${r.cluster.jobcompFile}.`);
    console.log(`Reach it with: export SLURM_CONF=${r.cluster.env.SLURM_CONF}`);
    console.log(`Stop it with: node ${path.relative(process.cwd(), fileURLToPath(import.meta.url))} stop`);
    return 0;
  }
  if (command === 'stop') {
    try {
      await stopCluster();
      console.log('SLURM is stopped');
      return 0;
    } catch (error) {
      console.error(`slurm-cluster: ${error.message}`);
      return 1;
    }
  }
  if (command === 'check') return check({ ports });
  console.error('usage: node tooling/slurm/slurm-cluster.mjs start [--cpus=N] [--ports=CTLD,SLURMD] | stop | check [--ports=CTLD,SLURMD]');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    console.error(error);
    process.exit(1);
  });
}
