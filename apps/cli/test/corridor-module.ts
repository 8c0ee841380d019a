/** A user's environment module: a corridor of `length` cells, -1 per step, ends at the right. */
export const CORRIDOR_MODULE = `
class Corridor {
  specificationVersion = 1; id = 'corridor'; horizon = Infinity; model = undefined;
  state = 0; terminated = false; truncated = false; steps = 0;
  constructor(length) { this.length = length; this.stateCount = length; this.actionCounts = new Int32Array(length).fill(2); }
  reset(rng) { this.state = 0; this.steps = 0; this.terminated = false; this.truncated = false; return this.state; }
  step(action, rng) {
    if (this.terminated || this.truncated) throw new Error('the episode has ended');
    if (action !== 0 && action !== 1) throw new RangeError('action must be 0 or 1, got ' + action);
    this.state = Math.max(0, Math.min(this.length - 1, this.state + (action === 1 ? 1 : -1)));
    this.steps++;
    this.terminated = this.state === this.length - 1;
    this.truncated = !this.terminated && this.steps >= 200;
    return -1;
  }
}
export default {
  specificationVersion: 1, id: 'corridor', description: 'a corridor: walk right to the end, -1 per step',
  options: { length: { type: 'integer', default: 6, description: 'cells in the corridor' } },
  create: (options = {}) => {
    const length = options.length ?? 6;
    if (!Number.isInteger(length) || length < 2) throw new RangeError('length must be a whole number >= 2, got ' + length);
    return new Corridor(length);
  },
};
`;
