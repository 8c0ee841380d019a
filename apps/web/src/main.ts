import type { CurvePoint } from '@dra/agent';
import { MemoryTable } from '@dra/core';
import { createMaze, type ParsedGrid } from '@dra/environments';
import { cellValues, naturalRange, type Quantity } from './cell-values.js';
import { drawCurves } from './curve-canvas.js';
import { drawMaze } from './maze-canvas.js';
import { openRunFiles } from './saved-run-files.js';
import type { TrainRequest, WorkerMessage } from './training-messages.js';
import { readSettings } from './viewer-settings.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('settings');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const quantity = $<HTMLSelectElement>('quantity');
const showPath = $<HTMLInputElement>('show-path');
const mazeCanvas = $<HTMLCanvasElement>('maze');
const curveCanvas = $<HTMLCanvasElement>('curves');
const legend = $<HTMLDivElement>('legend');
const status = $<HTMLParagraphElement>('status');
const message = $<HTMLParagraphElement>('message');

/** What is on screen: the memories, the grid in force, the path, the curve. */
const view = {
  memory: new MemoryTable(new Int32Array(54).fill(4), { sigma: 3 }),
  grid: createMaze().grid as ParsedGrid,
  path: null as Int32Array | null,
  curve: [] as CurvePoint[],
  episodes: 5000,
  dirty: true,
};
let worker: Worker | null = null;
let switchAt: number | null = null;
const maze = createMaze();
const switchedMaze = createMaze({ switchAt: 0 });
switchedMaze.setEpisode(0);

function setStatus(text: string, state: string, episode?: number): void {
  status.textContent = text;
  status.dataset.state = state;
  if (episode !== undefined) status.dataset.episode = String(episode);
}

function render(): void {
  if (view.dirty) {
    view.dirty = false;
    const q = quantity.value as Quantity;
    const values = cellValues(view.memory, q);
    const [lo, hi] = drawMaze(mazeCanvas, view.grid, values, naturalRange(q, 4), showPath.checked ? view.path : null);
    legend.textContent = `${quantity.selectedOptions[0]?.textContent ?? q}: dark ${lo.toFixed(2)} ... yellow ${hi.toFixed(2)}`;
    drawCurves(curveCanvas, view.curve, view.episodes);
  }
  requestAnimationFrame(render);
}

function stop(): void {
  worker?.terminate();
  worker = null;
  trainButton.disabled = false;
  stopButton.disabled = true;
}

function onWorkerMessage(event: MessageEvent<WorkerMessage>): void {
  const m = event.data;
  if (m.type === 'snapshot') {
    view.memory.mean.set(m.mean);
    view.memory.sigma.set(m.sigma);
    view.path = m.path;
    const switched = switchAt !== null && m.episode >= switchAt;
    view.grid = switched ? switchedMaze.grid : maze.grid;
    mazeCanvas.dataset.map = switched ? 'switched' : 'original';
    view.dirty = true;
    setStatus(`episode ${m.episode + 1} / ${m.episodes}, ${m.steps} environment steps`, 'training', m.episode + 1);
  } else if (m.type === 'evaluation') {
    view.curve.push(m.point);
    view.dirty = true;
  } else if (m.type === 'done') {
    stop();
    setStatus(
      `done: ${m.episodes} episodes, ${m.steps} steps in ${m.seconds.toFixed(2)} s; objective ${m.final.objective.toFixed(3)} = return ${m.final.return.toFixed(3)} - cost ${m.final.memoryCost.toFixed(3)} (mean of the last three evaluations)`,
      'done',
      m.episodes,
    );
    status.dataset.objective = String(m.final.objective);
  } else {
    stop();
    message.textContent = m.message;
    setStatus('training stopped by an error', 'error');
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  message.textContent = '';
  const { settings, problems } = readSettings(form);
  if (settings === null) {
    message.textContent = problems.join('\n');
    setStatus('fix the settings to train', 'invalid');
    return;
  }
  stop();
  switchAt = settings.switchAt;
  view.memory.mean.fill(0);
  view.memory.sigma.fill(settings.sigma0);
  view.grid = maze.grid;
  view.path = null;
  view.curve = [];
  view.episodes = settings.episodes;
  view.dirty = true;
  delete status.dataset.objective;
  worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = onWorkerMessage;
  worker.onerror = (error) => {
    stop();
    message.textContent = `the training worker failed: ${error.message}`;
    setStatus('training stopped by an error', 'error');
  };
  trainButton.disabled = true;
  stopButton.disabled = false;
  setStatus('starting', 'training', 0);
  worker.postMessage({ type: 'train', settings } satisfies TrainRequest);
});

stopButton.addEventListener('click', () => {
  stop();
  setStatus(`stopped at episode ${status.dataset.episode ?? 0}`, 'stopped');
});

quantity.addEventListener('change', () => (view.dirty = true));
showPath.addEventListener('change', () => (view.dirty = true));

$<HTMLInputElement>('files').addEventListener('change', async (event) => {
  const files = [...((event.target as HTMLInputElement).files ?? [])];
  message.textContent = '';
  try {
    const opened = await openRunFiles(files);
    if (opened.memory) {
      if (opened.memory.stateCount !== 54 || opened.memory.maxActions !== 4) {
        throw new Error(`memory.json has ${opened.memory.stateCount} states with up to ${opened.memory.maxActions} actions; the viewer draws the maze (54 states, 4 actions)`);
      }
      stop();
      view.memory = opened.memory;
      view.grid = maze.grid;
      mazeCanvas.dataset.map = 'original';
      view.path = null;
    }
    if (opened.curve) {
      view.curve = opened.curve;
      view.episodes = opened.curve[opened.curve.length - 1]!.episode + 1;
    }
    view.dirty = true;
    setStatus(`opened ${files.map((f) => f.name).join(', ')}`, 'opened');
  } catch (error) {
    message.textContent = (error as Error).message;
    setStatus('could not open the files', 'error');
  }
});

requestAnimationFrame(render);
