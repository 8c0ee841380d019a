import type { Environment } from '@dra/core';
import { Rng } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { Command } from 'commander';
import { withoutNulls } from '@dra/agent';
import { addEnvironmentOptionFlags, checkEnvironmentId, environmentOptionsFromFlags } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { numberList, wholeNumber } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { UsageError } from '../usage-error.js';

interface RolloutFlags {
  env: string;
  start?: number[];
  actions: number[];
  seed: number;
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
    .description('replay a fixed action sequence in an environment, one line per step')
    .requiredOption('--env <id>', `environment: ${registry.ids().join(', ')}`);
  addEnvironmentOptionFlags(command, registry);
  command
    .option('--start <state>', 'start state: a tabular state index, or for continuous tasks the observation (mountain car: position,velocity)', numberList)
    .requiredOption('--actions <list>', 'comma-separated actions, e.g. 0,2,1', numberList)
    .option('--seed <n>', 'random seed of the start draw and of stochastic steps', wholeNumber, 1)
    .option('--json', 'print one JSON object per step (t, action, state, observation, reward, terminated, truncated)')
    .action((flags: RolloutFlags) => rolloutCommand(flags, registry));
}

function rolloutCommand(flags: RolloutFlags, registry: EnvironmentRegistry): void {
  checkEnvironmentId(registry, flags.env);
  const options = environmentOptionsFromFlags(registry, flags.env, flags);
  const environment = registry.create(flags.env, withoutNulls(options));
  const rng = Rng.create(flags.seed).stream('rollout');
  const steps = replay(environment, rng, flags.start, flags.actions);
  // Everything is replayed before anything is printed: bad input prints no partial trajectory.
  const lines = steps.map((s) => (flags.json ? toJson(s) : humanLine(s)));
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
