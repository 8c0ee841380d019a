import { BadInputError, cos, type Environment, ENVIRONMENT_SPECIFICATION_VERSION, type KernelDynamics, type MapLayout, type Rng } from '@dra/core';

/** Classic mountain-car constants (docs/tasks.md 3, as in Gymnasium's MountainCar-v0). */
export const MOUNTAIN_CAR = Object.freeze({
  minPosition: -1.2,
  maxPosition: 0.6,
  maxSpeed: 0.07,
  goalPosition: 0.5,
  force: 0.001,
  gravity: 0.0025,
  maxSteps: 200,
  /** The paper's grid: round((position + 1.2) * 10) in 0..18, round((velocity + 0.07) * 100) in 0..14. */
  positionBins: 19,
  velocityBins: 15,
});

/** Tabular index of a continuous state: position bin * 15 + velocity bin (the paper's discretisation). Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `carIndex`. */
export function mountainCarIndex(position: number, velocity: number): number {
  const p = Math.round((position - MOUNTAIN_CAR.minPosition) * 10);
  const v = Math.round((velocity + MOUNTAIN_CAR.maxSpeed) * 100);
  return p * MOUNTAIN_CAR.velocityBins + v;
}

/** Options of `MountainCar`. */
export interface MountainCarOptions {
  /** Time limit (truncation). Default 200. */
  maxSteps?: number;
}

/**
 * Mountain car in float64: 3 actions (0 push left, 1 none, 2 push right), reward -1 per
 * step, `terminated` when position >= 0.5, `truncated` after `maxSteps` steps; start
 * position uniform in [-0.6, -0.4], velocity 0. One step:
 *   velocity += (action - 1) * 0.001 - 0.0025 * cos(3 * position), clipped to [-0.07, 0.07];
 *   position += velocity, clipped to [-1.2, 0.6]; at -1.2 a negative velocity becomes 0.
 * `state` is the paper's 19 x 15 tabular index; `observation` holds [position, velocity].
 *
 * `kernelDynamics` declares these dynamics (`KernelDynamics` of @dra/core), so the WebAssembly
 * episodes of @dra/agent may run them (they mirror `reset`, `step`, `mountainCarIndex` and
 * `cos`; docs/kernel-mirror.md). A subclass that replaces `reset` or `step` loses the declaration.
 */
export class MountainCar implements Environment {
  readonly specificationVersion = ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id = 'mountain-car';
  readonly stateCount = MOUNTAIN_CAR.positionBins * MOUNTAIN_CAR.velocityBins;
  readonly actionCounts = new Int32Array(MOUNTAIN_CAR.positionBins * MOUNTAIN_CAR.velocityBins).fill(3);
  readonly horizon = Infinity;
  readonly model = undefined;
  readonly maxSteps: number;
  private readonly dynamics: KernelDynamics;
  /** [position, velocity], updated in place. */
  readonly observation = new Float64Array(2);
  state = 0;
  terminated = false;
  truncated = false;
  steps = 0;

  /** { kind: 'mountain-car', stepLimit: maxSteps } while `reset` and `step` are this class's; else null. */
  get kernelDynamics(): KernelDynamics | null {
    const own = MountainCar.prototype;
    return this.reset === own.reset && this.step === own.step ? this.dynamics : null;
  }

  constructor(options: MountainCarOptions = {}) {
    const maxSteps = options.maxSteps ?? MOUNTAIN_CAR.maxSteps;
    if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new BadInputError(`maxSteps must be a whole number >= 1, got ${maxSteps}`);
    this.maxSteps = maxSteps;
    this.dynamics = Object.freeze({ kind: 'mountain-car', stepLimit: maxSteps });
  }

  /** Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `carReset`. */
  reset(rng: Rng): number {
    return this.begin(-0.6 + 0.2 * rng.uniform(), 0);
  }

  /** Starts an episode from a given continuous state [position, velocity] (e.g. to replay a trajectory). */
  resetTo(start: ArrayLike<number>): number {
    if (start.length !== 2) throw new BadInputError(`start must be [position, velocity], got ${Array.from(start).join(',')}`);
    return this.begin(start[0]!, start[1]!);
  }

  private begin(position: number, velocity: number): number {
    if (!(position >= MOUNTAIN_CAR.minPosition && position <= MOUNTAIN_CAR.maxPosition)) {
      throw new BadInputError(`position must lie in [-1.2, 0.6], got ${position}`);
    }
    if (!(velocity >= -MOUNTAIN_CAR.maxSpeed && velocity <= MOUNTAIN_CAR.maxSpeed)) {
      throw new BadInputError(`velocity must lie in [-0.07, 0.07], got ${velocity}`);
    }
    this.observation[0] = position;
    this.observation[1] = velocity;
    this.steps = 0;
    this.terminated = position >= MOUNTAIN_CAR.goalPosition;
    this.truncated = false;
    this.state = mountainCarIndex(position, velocity);
    return this.state;
  }

  /** Position bins across, velocity bins up (the same map at every episode). */
  mapLayout(): MapLayout {
    const { positionBins, velocityBins } = MOUNTAIN_CAR;
    return {
      rows: velocityBins,
      columns: positionBins,
      // Velocity grows upwards: row 0 is the highest velocity bin.
      stateAt: (r, c) => c * velocityBins + (velocityBins - 1 - r),
      kindOf: () => 'free',
      actionNames: ['push left', 'none', 'push right'],
      xTitle: 'position bin: round((x + 1.2) × 10)',
      yTitle: 'velocity bin: round((v + 0.07) × 100)',
    };
  }

  /** Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `carStep`. */
  step(action: number, _rng: Rng): number {
    if (this.terminated || this.truncated) throw new Error('step() after the episode ended: call reset() first');
    if (action !== 0 && action !== 1 && action !== 2) throw new BadInputError(`action ${action} is outside the 3 actions of mountain car`);
    const c = MOUNTAIN_CAR;
    let position = this.observation[0]!;
    let velocity = this.observation[1]! + (action - 1) * c.force - c.gravity * cos(3 * position);
    velocity = Math.min(c.maxSpeed, Math.max(-c.maxSpeed, velocity));
    position = Math.min(c.maxPosition, Math.max(c.minPosition, position + velocity));
    if (position === c.minPosition && velocity < 0) velocity = 0;
    this.observation[0] = position;
    this.observation[1] = velocity;
    this.state = mountainCarIndex(position, velocity);
    this.steps++;
    this.terminated = position >= c.goalPosition;
    this.truncated = !this.terminated && this.steps >= this.maxSteps;
    return -1;
  }
}
