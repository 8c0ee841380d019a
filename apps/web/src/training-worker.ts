/// <reference lib="webworker" />
import { defaultSettings, rollout, runExperiment, SettingsError, type RunSettings } from '@dra/agent';
import { Rng, TrajectoryBuffer, type Environment, type MemoryTable } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import { defaultEstimatorFor, defaultSigmaStepFor } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { SNAPSHOT_EVERY, type TrainRequest, type ViewerSettings, type WorkerMessage } from './training-messages.js';

declare const self: DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/** The maze run the page asked for: the paper's settings (docs/tasks.md 1) with the page's values. */
function runSettings(s: ViewerSettings): RunSettings {
  const base = defaultSettings('maze');
  // DRA keeps the preset's estimator (the paper's 'A') and constant step; the inference objectives take the
  // critic estimator with its step rule, and Eq. 10 on the maze (no fixed horizon) uses each episode's own length as T.
  const estimator = defaultEstimatorFor(s.objective, base.estimator);
  return {
    ...base,
    objective: s.objective,
    estimator,
    sigmaStep: defaultSigmaStepFor(estimator),
    tRef: s.objective === 'eq10' ? 'realised' : null,
    lambda: s.lambda,
    beta: s.beta,
    sigma0: s.sigma0,
    seed: s.seed,
    episodes: s.episodes,
    envOptions: { ...base.envOptions, switchAt: s.switchAt },
  };
}

/** Waits without yielding: the worker's loop is synchronous, and this is its own thread. */
function pause(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy wait
  }
}

function train(s: ViewerSettings): void {
  let environment: Environment | undefined;
  let memory: MemoryTable | undefined;
  // The path is drawn from its own stream: watching does not change what is learned.
  const pathRng = Rng.create(s.seed).stream('viewer-path');
  const pathPolicy = new SoftThompson({ beta: s.beta });
  const buffer = new TrajectoryBuffer(4, 256);
  const snapshot = (episode: number, episodes: number, steps: number) => {
    const length = rollout(environment!, pathPolicy, memory!, pathRng, buffer);
    const path = new Int32Array(Math.min(length, 200) + 1);
    for (let t = 0; t < path.length - 1; t++) path[t] = buffer.states[t]!;
    path[path.length - 1] = environment!.state;
    const mean = memory!.mean.slice();
    const sigma = memory!.sigma.slice();
    post({ type: 'snapshot', episode, episodes, steps, mean, sigma, path }, [mean.buffer, sigma.buffer, path.buffer]);
    if (s.paceMs > 0) pause(s.paceMs);
  };
  const record = runExperiment(runSettings(s), {
    registry: createBuiltInRegistry(),
    onStart: (run) => {
      environment = run.environment;
      memory = run.memory;
    },
    onProgress: (event) => {
      if (event.type === 'evaluation') post({ type: 'evaluation', point: event.point });
      else if (event.episode % SNAPSHOT_EVERY === SNAPSHOT_EVERY - 1 || event.episode + 1 === event.episodes) snapshot(event.episode, event.episodes, event.steps);
    },
  });
  post({ type: 'done', episodes: record.settings.episodes, steps: record.steps.total, seconds: record.seconds, final: record.final });
}

self.onmessage = (event: MessageEvent<TrainRequest>) => {
  try {
    train(event.data.settings);
  } catch (error) {
    const message = error instanceof SettingsError ? error.problems.map((p) => `${p.field} must be ${p.expected}, got ${String(p.value)}`).join('\n') : String((error as Error)?.message ?? error);
    post({ type: 'error', message });
  }
};
