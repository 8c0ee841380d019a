import type { Environment } from '@dra/core';
import { Rng } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { Command } from 'commander';
import { withoutNulls } from '@dra/agent';
import { addEnvironmentOptionFlags, checkEnvironmentId, environmentOptionsFromFlags, givenEnvironmentOption } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { flagName, numberList, pathValue, wholeNumber } from '../parse-flag.js';
import { readSavedRun } from '../saved-run.js';
import { replayTrainedRun } from '../trained-rollouts.js';
import type { Toolkit } from '../toolkit.js';
import { UsageError } from '../usage-error.js';

interface RolloutFlags {
  env?: string;
  run?: string;
  start?: number[];
  actions?: number[];
  seed: number;
  episodes?: number;
  greedy?: boolean;
  json?: boolean;
  [option: string]: unknown;
}

/** One replayed step, as printed. */
interface StepLine {
  t: number;
  action: number;
  state: number;
  observation?: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

export function registerRolloutCommand(program: Command, toolkit: Toolkit): void {
  const registry = toolkit.environments;
  const command = program
    .command('rollout')
    .description("play a trained run's memories (--run DIR), or replay a fixed action sequence in an environment (--env, --actions); one line per step")
    .option('--env <id>', `environment: ${registry.ids().join(', ')}`)
    .option('--run <dir>', 'a run directory (dra run --out): play its memories in its environment, by soft Thompson sampling as trained', pathValue);
  addEnvironmentOptionFlags(command, registry);
  command
    .option('--start <state>', 'start state: a tabular state index, or for continuous tasks the observation (mountain car: position,velocity)', numberList)
    .option('--actions <list>', 'with --env: comma-separated actions, e.g. 0,2,1', numberList)
    .option('--episodes <n>', 'with --run: episodes to play (default 1)', wholeNumber)
    .option('--greedy', 'with --run: take the action of the largest mean q, without noise')
    .option('--seed <n>', 'random seed of the start draw, of stochastic steps and of the policy', wholeNumber, 1)
    .option('--json', 'print JSON: one object per step (--env), or one object with the episodes and totals (--run)')
    .action((flags: RolloutFlags) => (flags.run === undefined ? rolloutCommand(flags, registry) : trainedRolloutCommand(flags, flags.run, toolkit)));
}

function rolloutCommand(flags: RolloutFlags, registry: EnvironmentRegistry): void {
  for (const flag of ['episodes', 'greedy'] as const) if (flags[flag] !== undefined) throw new UsageError(`--${flag} applies with --run DIR (a trained run); with --env, give --actions`);
  if (flags.env === undefined) throw new UsageError('give --run DIR (play a trained run) or --env ID with --actions LIST (replay fixed actions)');
  if (flags.actions === undefined) throw new UsageError(`--actions is needed with --env (the actions to replay), or give --run DIR to play a trained run`);
  checkEnvironmentId(registry, flags.env);
  const options = environmentOptionsFromFlags(registry, flags.env, flags);
  const environment = registry.create(flags.env, withoutNulls(options));
  const rng = Rng.create(flags.seed).stream('rollout');
  const steps = replay(environment, rng, flags.start, flags.actions);
  // Everything is replayed before anything is printed: bad input prints no partial trajectory.
  const lines = steps.map((s) => (flags.json ? toJson(s) : humanLine(s)));
  process.stdout.write(`${lines.join('\n')}\n`);
}

function trainedRolloutCommand(flags: RolloutFlags, dir: string, toolkit: Toolkit): void {
  const conflicting = ['env', 'actions', 'start'].find((f) => flags[f] !== undefined);
  if (conflicting !== undefined) throw new UsageError(`--${conflicting} does not apply with --run: the run's config.json gives the environment, and its memories choose the actions`);
  const optionFlag = givenEnvironmentOption(toolkit.environments, flags);
  if (optionFlag !== undefined) throw new UsageError(`${flagName(optionFlag)} does not apply with --run: the environment's options come from the run's config.json`);
  const episodes = flags.episodes ?? 1;
  if (episodes < 1) throw new UsageError(`--episodes must be a whole number >= 1, got ${episodes}`);
  const run = readSavedRun(dir, toolkit.environments, toolkit.objectives);
  const rng = Rng.create(flags.seed).stream('rollout');
  const greedy = Boolean(flags.greedy);
  const policy = greedy ? 'greedy' : 'soft-thompson';
  // Each episode is written as it ends, so a long replay holds one episode at a time; --json
  // still prints one object: {run, env, policy, beta, seed, episodes: [...], totals}.
  const write = (text: string) => process.stdout.write(text);
  let first = true;
  if (!flags.json) write(`${dir}: ${run.settings.env}, ${greedy ? 'greedy (largest mean q)' : 'soft Thompson sampling'}, seed ${flags.seed}\n`);
  else write(`{"run":${JSON.stringify(dir)},"env":${JSON.stringify(run.settings.env)},"policy":"${policy}","seed":${flags.seed},"episodes":[`);
  const replayed = replayTrainedRun(run, episodes, rng, greedy, (e) => {
    if (flags.json) {
      write(`${first ? '' : ','}${toJson(e)}`);
      first = false;
      return;
    }
    const lines = [`episode ${e.episode}:`, ...e.steps.map((s) => `  t ${s.t}: ${s.stateName}  ${s.actionName}  -> ${s.nextName}  reward ${s.reward}`)];
    lines.push(`  return ${e.return} in ${e.length} steps${e.terminated ? ', terminated' : e.truncated ? ', truncated (time limit)' : ''}`);
    write(`${lines.join('\n')}\n`);
  });
  const t = replayed.totals;
  if (flags.json) {
    write(`],"beta":${JSON.stringify(replayed.beta)},"totals":${toJson(t)}}\n`);
    return;
  }
  const lines = [
    `${t.episodes} episode${t.episodes === 1 ? '' : 's'}${greedy ? '' : ` (beta ${replayed.beta})`}: mean return ${t.meanReturn.toFixed(4)}${t.standardError === null ? '' : ` +- ${t.standardError.toFixed(4)} s.e.`}, ` +
      `mean length ${t.meanLength.toFixed(1)} steps, ${t.terminated} terminated, ${t.truncated} truncated`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function replay(environment: Environment, rng: Rng, start: number[] | undefined, actions: number[]): StepLine[] {
  if (start === undefined) environment.reset(rng);
  else if (environment.resetTo === undefined) throw new UsageError(`--start: environment ${environment.id} cannot start from a given state`);
  else {
    try {
      environment.resetTo(start);
    } catch (error) {
      throw new UsageError(`--start ${start.join(',')}: ${(error as Error).message}`);
    }
  }
  if (actions.length === 0) throw new UsageError('--actions must list at least one action');
  const out: StepLine[] = [];
  for (let t = 0; t < actions.length; t++) {
    const action = actions[t]!;
    if (t === 0 && environment.terminated) throw new UsageError(`--start: state ${environment.state} is terminal; no action can be taken`);
    if (environment.terminated || environment.truncated) {
      throw new UsageError(`--actions: action ${t} (${action}) comes after the episode ended at step ${t - 1} (${environment.terminated ? 'terminated' : 'truncated'})`);
    }
    const state = environment.state;
    const count = environment.actionCounts[state]!;
    if (!Number.isInteger(action) || action < 0 || action >= count) {
      throw new UsageError(`--actions: action ${t} is ${action}, outside the ${count} actions (0..${count - 1}) of state ${state}`);
    }
    const reward = environment.step(action, rng);
    out.push({
      t,
      action,
      state: environment.state,
      ...(environment.observation === undefined ? {} : { observation: Array.from(environment.observation) }),
      reward,
      terminated: environment.terminated,
      truncated: environment.truncated,
    });
  }
  return out;
}

function humanLine(s: StepLine): string {
  const observation = s.observation === undefined ? '' : ` observation [${s.observation.join(', ')}]`;
  const end = s.terminated ? ' terminated' : s.truncated ? ' truncated' : '';
  return `t ${s.t}: action ${s.action} -> state ${s.state}${observation} reward ${s.reward}${end}`;
}
