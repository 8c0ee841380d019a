#!/usr/bin/env node
// A real, one-node SLURM cluster on a Debian 12 machine without systemd, for tests that
// submit job arrays. Installs Debian's packages when they are missing (as root, or with
// password-less sudo), writes its own /etc/slurm/slurm.conf (keeping a copy of any existing
// one, restored on stop), starts munged, slurmctld and slurmd, and waits until the node is
// idle. See README.md beside this file.
//
//   node tooling/slurm/slurm-cluster.mjs start   # start and leave running
//   node tooling/slurm/slurm-cluster.mjs stop    # stop whatever a start left running
//   node tooling/slurm/slurm-cluster.mjs check   # start, exercise arrays/dependencies, stop
//
// As a module: const r = await startCluster(); if (r.ok) { try { ... } finally { await r.cluster.stop(); } }
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONF_DIR = '/etc/slurm';
const CONF_FILE = `${CONF_DIR}/slurm.conf`;
const CONF_BACKUP = `${CONF_DIR}/slurm.conf.before-slurm-cluster`;
const CONF_MARKER = '# Written by tooling/slurm/slurm-cluster.mjs';
const BASE = '/var/spool/slurm-cluster';
const STATE_DIR = `${BASE}/ctld`;
const SPOOL_DIR = `${BASE}/d`;
const LOG_DIR = `${BASE}/log`;
const JOBCOMP_FILE = `${BASE}/jobcomp.txt`;
const RUN_DIR = '/run/slurm-cluster';
const CTLD_PID = `${RUN_DIR}/slurmctld.pid`;
const SLURMD_PID = `${RUN_DIR}/slurmd.pid`;
const CTLD_LOG = `${LOG_DIR}/slurmctld.log`;
const SLURMD_LOG = `${LOG_DIR}/slurmd.log`;
const MUNGE_RUN = '/run/munge';
const MUNGE_PID = `${MUNGE_RUN}/munged.pid`;
const MUNGE_SOCKET = `${MUNGE_RUN}/munge.socket.2`;
const MUNGE_KEY = '/etc/munge/munge.key';
const MUNGE_LOG = '/var/log/munge/munged.log';
const CLUSTER_NAME = 'slurmcluster';
const PACKAGES = ['slurmctld', 'slurmd', 'slurm-client', 'munge'];
const BINARIES = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/sinfo', '/usr/bin/scancel', '/usr/sbin/munged', '/usr/bin/munge'];
// Daemons this script starts, plus the per-job step daemons slurmd forks.
const DAEMON_NAMES = ['slurmctld', 'slurmd', 'slurmstepd', 'munged'];

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

function pidFromFile(file) {
  const text = readText(file);
  const pid = text ? Number.parseInt(text.trim(), 10) : Number.NaN;
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
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
 * Stops every slurmctld, slurmd, slurmstepd (with the job processes under it) and munged on
 * the machine: first the ones named in our pid files, then any others by process name (a
 * second controller or munged would clash with ours on ports and sockets anyway).
 */
async function stopDaemons(log) {
  const stubborn = [];
  const named = (name) => listProcesses().filter((p) => p.comm === name && p.state !== 'Z').map((p) => p.pid);
  const fromFiles = (files, name) => files.map(pidFromFile).filter((pid) => pid && commOf(pid) === name);

  const ctld = [...new Set([...fromFiles([CTLD_PID, '/run/slurmctld.pid'], 'slurmctld'), ...named('slurmctld')])];
  if (ctld.length) log(`stopping slurmctld (pid ${ctld.join(', ')})`);
  stubborn.push(...(await terminate(ctld)));

  const slurmd = [...new Set([...fromFiles([SLURMD_PID, '/run/slurmd.pid'], 'slurmd'), ...named('slurmd')])];
  if (slurmd.length) log(`stopping slurmd (pid ${slurmd.join(', ')})`);
  stubborn.push(...(await terminate(slurmd)));

  // Job steps outlive slurmd; kill them and every process of their jobs at once.
  const steps = named('slurmstepd');
  const tree = steps.length ? [...steps, ...descendants(steps)] : [];
  // With proctrack/linuxproc a job process whose parent died is no longer under its
  // slurmstepd (and Slurm never kills it); it still has the cluster's name in its environment.
  const strays = (await jobProcesses()).filter((pid) => !tree.includes(pid));
  if (tree.length || strays.length) {
    log(`killing ${steps.length} slurmstepd process(es) and ${tree.length - steps.length + strays.length} job process(es)`);
    await signal([...tree, ...strays], 'KILL');
    await waitGone([...tree, ...strays], 5_000);
    stubborn.push(...[...tree, ...strays].filter(alive));
  }

  const munged = [...new Set([...fromFiles([MUNGE_PID], 'munged'), ...named('munged')])];
  if (munged.length) log(`stopping munged (pid ${munged.join(', ')})`);
  stubborn.push(...(await terminate(munged)));

  // Killed daemons stay zombies until init reaps them (on these machines every 2 s or so);
  // wait for that, so that `pgrep slurm` right after a stop shows nothing.
  const zombies = () => listProcesses().filter((p) => DAEMON_NAMES.includes(p.comm) && p.state === 'Z').map((p) => p.pid);
  await waitFor(() => zombies().length === 0, 5_000, 100);
  return stubborn;
}

/** Processes started by a job of this cluster (found by SLURM_CLUSTER_NAME in their environment). */
async function jobProcesses() {
  const r = await priv(['sh', '-c', `grep -lzx 'SLURM_CLUSTER_NAME=${CLUSTER_NAME}' /proc/[0-9]*/environ 2>/dev/null; true`]);
  const mine = new Set([process.pid, process.ppid]);
  return r.stdout
    .split('\n')
    .map((l) => Number(l.match(/^\/proc\/(\d+)\/environ$/)?.[1]))
    .filter((pid) => pid > 1 && !mine.has(pid) && alive(pid));
}

// ---------------------------------------------------------------- config

async function restoreConfig(log) {
  const current = readText(CONF_FILE);
  if (existsSync(CONF_BACKUP)) {
    await privOk(['mv', '-f', CONF_BACKUP, CONF_FILE], 'restoring slurm.conf');
    log(`restored the earlier ${CONF_FILE}`);
  } else if (current !== undefined && current.startsWith(CONF_MARKER)) {
    await privOk(['rm', '-f', CONF_FILE], `removing ${CONF_FILE}`);
  }
}

async function installConfig(text) {
  await privOk(['mkdir', '-p', CONF_DIR], `creating ${CONF_DIR}`);
  const current = readText(CONF_FILE);
  // Keep the machine's own file; a file of ours left by a crashed start is not worth keeping
  // (and must not overwrite the copy of the real one).
  if (current !== undefined && !current.startsWith(CONF_MARKER)) {
    await privOk(['cp', '-p', CONF_FILE, CONF_BACKUP], `keeping a copy of ${CONF_FILE}`);
  }
  await writeFilePriv(CONF_FILE, text);
}

function configText({ host, nodeLine, cpus, extraConfig }) {
  return `${CONF_MARKER}; the earlier file, if any, is ${CONF_BACKUP}
# and comes back when the cluster stops (node tooling/slurm/slurm-cluster.mjs stop).
ClusterName=${CLUSTER_NAME}
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
CredType=cred/munge
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

// /etc/munge is not readable by other users: ask as root.
const mungeKeyExists = async () => (await priv(['test', '-f', MUNGE_KEY])).code === 0;

async function ensurePackages(log) {
  if (missingBinaries().length === 0 && (await mungeKeyExists())) return { ok: true, installed: false };
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
  const missing = missingBinaries();
  if (missing.length) return { ok: false, reason: `apt-get install succeeded but these are still missing: ${missing.join(', ')}` };
  if (!(await mungeKeyExists())) {
    // munge's own postinst normally creates it.
    const k = await priv(['runuser', '-u', 'munge', '--', 'mungekey', '--create', `--keyfile=${MUNGE_KEY}`]);
    if (k.code !== 0) return { ok: false, reason: `no ${MUNGE_KEY} and mungekey --create failed: ${lastLines(k.stderr)}` };
  }
  const seconds = (Date.now() - t0) / 1000;
  log(`installed in ${seconds.toFixed(1)} s`);
  return { ok: true, installed: true, seconds };
}

function lastLines(text, n = 6) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
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

async function startMunge(log, timeoutMs) {
  await privOk(['install', '-d', '-m', '0755', '-o', 'munge', '-g', 'munge', MUNGE_RUN], `creating ${MUNGE_RUN}`);
  await priv(['rm', '-f', MUNGE_SOCKET, `${MUNGE_SOCKET}.lock`, MUNGE_PID]);
  log('starting munged');
  const r = await priv(['runuser', '-u', 'munge', '--', '/usr/sbin/munged']);
  if (r.code !== 0) throw new Error(`munged would not start (exit ${r.code}): ${(r.stderr || r.stdout).trim()}\n${await logTail(MUNGE_LOG)}`);
  const up = await waitFor(async () => (await run('/usr/bin/munge', ['-n'])).code === 0, timeoutMs);
  if (!up) throw new Error(`munged did not answer within ${timeoutMs / 1000} s\n${await logTail(MUNGE_LOG)}`);
}

async function startDaemon(name, args, pidFile, logFile, timeoutMs) {
  const r = await priv([`/usr/sbin/${name}`, ...args], { timeoutMs });
  if (r.code !== 0) throw new Error(`${name} would not start (exit ${r.code}): ${(r.stderr || r.stdout).trim()}\n${await logTail(logFile)}`);
  const up = await waitFor(() => {
    const pid = pidFromFile(pidFile);
    return pid !== undefined && alive(pid);
  }, timeoutMs);
  if (!up) throw new Error(`${name} did not come up within ${timeoutMs / 1000} s\n${await logTail(logFile)}`);
  return pidFromFile(pidFile);
}

async function nodeState(host) {
  const r = await run('/usr/bin/sinfo', ['-h', '-N', '-n', host, '-o', '%T'], { timeoutMs: 15_000 });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/**
 * Starts a one-node cluster. Never throws: resolves { ok: true, cluster } or { ok: false, reason }.
 * @param {{ cpus?: number, log?: (message: string) => void, timeoutMs?: number, extraConfig?: string[], waitForScheduler?: boolean }} [options]
 *   cpus: CPUs the node advertises (array tasks of one CPU each that may run at once), default 4.
 *   log: where progress messages go, default console.error.
 *   timeoutMs: how long each daemon, and then the node, may take to come up, default 30 s.
 *   extraConfig: more slurm.conf lines (e.g. 'KillWait=5'), placed before the node line.
 *   waitForScheduler: also wait for slurmctld's first scheduling pass (about 3 s after it
 *     starts), so that the first job submitted starts as quickly as later ones; default true.
 */
export async function startCluster({ cpus = 4, log = console.error, timeoutMs = 30_000, extraConfig = [], waitForScheduler = true } = {}) {
  const say = (message) => log(`slurm-cluster: ${message}`);
  const t0 = Date.now();
  if (!Number.isInteger(cpus) || cpus < 1) return { ok: false, reason: `cpus must be a positive integer, not ${cpus}` };
  if (process.platform !== 'linux') return { ok: false, reason: `this needs Linux (Debian 12); this is ${process.platform}` };
  if (!isRoot) {
    const s = await run('sudo', ['-n', 'true']);
    if (s.code !== 0) return { ok: false, reason: 'not running as root and there is no password-less sudo (sudo -n true failed), so the SLURM daemons cannot be installed or started' };
  }
  if (!existsSync('/usr/bin/apt-get')) return { ok: false, reason: 'no apt-get: this script supports Debian (12) only' };

  const installed = await ensurePackages(say);
  if (!installed.ok) return { ok: false, reason: installed.reason };

  const host = os.hostname().split('.')[0];
  let cluster;
  try {
    // A start is always clean: no daemons of an earlier start, fresh state, fresh jobcomp file.
    const stubborn = await stopDaemons(say);
    if (stubborn.length) return { ok: false, reason: `could not stop earlier daemons (pid ${stubborn.join(', ')})` };
    await priv(['rm', '-rf', BASE, RUN_DIR]);
    await privOk(['install', '-d', '-m', '0755', '-o', 'slurm', '-g', 'slurm', BASE, STATE_DIR, LOG_DIR, RUN_DIR], 'creating state directories');
    await privOk(['install', '-d', '-m', '0755', '-o', 'root', '-g', 'root', SPOOL_DIR], 'creating the slurmd spool directory');
    await writeFilePriv(JOBCOMP_FILE, '', { mode: '0644', owner: 'slurm' });

    const nodeLine = await nodeLineFor(host, cpus);
    await installConfig(configText({ host, nodeLine, cpus, extraConfig }));
    cluster = makeCluster({ host, cpus, log, startedAt: t0 });

    await startMunge(say, timeoutMs);
    say('starting slurmctld');
    await startDaemon('slurmctld', ['-i'], CTLD_PID, CTLD_LOG, timeoutMs);
    say('starting slurmd');
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
    say(`ready: node ${host} is idle with ${cpus} CPUs, ${cluster.startSeconds.toFixed(1)} s after start${installed.installed ? ` (install included: ${installed.seconds.toFixed(1)} s)` : ''}`);
    return { ok: true, cluster };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      if (cluster) await cluster.stop();
      else await stopCluster({ log });
    } catch (stopError) {
      say(`stopping after the failed start failed too: ${stopError.message}`);
    }
    return { ok: false, reason };
  }
}

/**
 * Stops whatever a start left running (daemons by pid file, then by name), and puts back the
 * slurm.conf that was there before. Safe to call at any time, any number of times.
 */
export async function stopCluster({ log = console.error } = {}) {
  const say = (message) => log(`slurm-cluster: ${message}`);
  const conf = readText(CONF_FILE);
  const busy = listProcesses().some((p) => DAEMON_NAMES.includes(p.comm) && p.state !== 'Z');
  if (!busy && !existsSync(CONF_BACKUP) && !conf?.startsWith(CONF_MARKER)) return; // nothing to do
  if (!isRoot && (await run('sudo', ['-n', 'true'])).code !== 0) {
    throw new Error('not running as root and there is no password-less sudo: cannot stop the SLURM daemons');
  }
  const stubborn = await stopDaemons(say);
  await restoreConfig(say);
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

function makeCluster({ host, cpus, log, startedAt }) {
  let stopping;
  const cluster = {
    hostname: host,
    cpus,
    jobcompFile: JOBCOMP_FILE,
    confFile: CONF_FILE,
    logFiles: { slurmctld: CTLD_LOG, slurmd: SLURMD_LOG, munged: MUNGE_LOG },
    startedAt,
    startSeconds: undefined,
    installSeconds: undefined,

    /** Stops the daemons and restores slurm.conf; idempotent, safe after a failed start. */
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

async function check() {
  const t0 = Date.now();
  const problems = [];
  const expect = (ok, what) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) problems.push(what);
  };
  const started = await startCluster();
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
    const b = await cluster.submit([...out('b'), '--job-name=check-after-ok', `--dependency=afterok:${a}`, '--kill-on-invalid-dep=yes', '--wrap', `${now} > ${dir}/b.txt`]);

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
  const left = listProcesses().filter((p) => DAEMON_NAMES.includes(p.comm) && p.state !== 'Z');
  expect(left.length === 0, `no slurm or munge daemons left after stop${left.length ? ` (still: ${left.map((p) => `${p.comm}/${p.pid}`).join(', ')})` : ''}`);
  console.log(`\ncheck took ${((Date.now() - t0) / 1000).toFixed(1)} s: ${problems.length === 0 ? 'everything behaved as expected' : `${problems.length} problem(s)`}`);
  return problems.length === 0 ? 0 : 1;
}

async function main(argv) {
  const [command, ...rest] = argv;
  const cpusArg = rest.find((a) => a.startsWith('--cpus='));
  const cpus = cpusArg ? Number(cpusArg.slice('--cpus='.length)) : 4;
  if (command === 'start') {
    const r = await startCluster({ cpus });
    if (!r.ok) {
      console.error(`slurm-cluster: could not start: ${r.reason}`);
      return 1;
    }
    console.log(`SLURM is running on ${r.cluster.hostname} with ${r.cluster.cpus} CPUs; finished jobs are logged to ${r.cluster.jobcompFile}. Stop it with: node ${path.relative(process.cwd(), fileURLToPath(import.meta.url))} stop`);
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
  if (command === 'check') return check();
  console.error('usage: node tooling/slurm/slurm-cluster.mjs start [--cpus=N] | stop | check');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    console.error(error);
    process.exit(1);
  });
}
