import type { ParsedGrid } from '@dra/environments';
import { viridis } from './colour-scale.js';

const WALL = '#9e9e9e';
const MARGIN = 10;

/**
 * Draws a grid world: each open cell coloured by `values` (state = row * columns + column)
 * on the viridis scale over `range`, walls grey, S and G marked, and the agent's path as a line
 * through cell centres. Returns the range used.
 */
export function drawMaze(
  canvas: HTMLCanvasElement,
  grid: ParsedGrid,
  values: Float64Array,
  range: [number, number] | null,
  path: Int32Array | null,
): [number, number] {
  const ctx = canvas.getContext('2d')!;
  const size = Math.floor(Math.min((canvas.width - 2 * MARGIN) / grid.columns, (canvas.height - 2 * MARGIN) / grid.rows));
  const open: number[] = [];
  for (let s = 0; s < grid.rows * grid.columns; s++) if (grid.blocked[s] === 0 && Number.isFinite(values[s]!)) open.push(values[s]!);
  const [lo, hi] = range ?? [Math.min(...open), Math.max(...open)];
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.columns; c++) {
      const s = r * grid.columns + c;
      ctx.fillStyle = grid.blocked[s] === 1 ? WALL : viridis((values[s]! - lo) / (hi - lo || 1));
      ctx.fillRect(MARGIN + c * size, MARGIN + r * size, size - 1, size - 1);
    }
  }
  ctx.font = `bold ${Math.round(size * 0.45)}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const mark = (cell: number, letter: string) => {
    const x = MARGIN + (cell % grid.columns) * size + size / 2;
    const y = MARGIN + Math.floor(cell / grid.columns) * size + size / 2;
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'black';
    ctx.strokeText(letter, x, y);
    ctx.fillStyle = 'white';
    ctx.fillText(letter, x, y);
  };
  mark(grid.start, 'S');
  for (const g of grid.goals) mark(g, 'G');
  if (path !== null && path.length > 1) {
    ctx.strokeStyle = 'rgba(255, 64, 64, 0.85)';
    ctx.lineWidth = 3;
    ctx.beginPath();
    path.forEach((cell, t) => {
      const x = MARGIN + (cell % grid.columns) * size + size / 2;
      const y = MARGIN + Math.floor(cell / grid.columns) * size + size / 2;
      if (t === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
  return [lo, hi];
}
