import { BadInputError } from '@dra/core';
import type { TabularModel } from '@dra/core';

/**
 * The decision trees of a deterministic task with a fixed horizon, one per start state, laid
 * out flat for a budget-limited search (docs/tasks.md 2's gradient-free allocator). Node `n` has
 * edges `edgeStart[n] .. edgeStart[n + 1]`, one per action; edge `e` uses memory
 * `edgeMemory[e]`, earns `edgeReward[e]` and leads to node `edgeChild[e]` (-1 past the last
 * move), and can be walked `edgeLeaves[e]` times (the number of complete paths below it)
 * before its branch is finished. Trees share nothing: a memory reached by two paths appears
 * on two edges, and the search sees the same noisy value on both.
 */
export interface SearchTrees {
  depth: number;
  /** Root node of the tree of each state, -1 for states that cannot start a search (some path from them ends early). */
  root: Int32Array;
  /** Complete paths in the tree of each state (0 without a tree). */
  paths: Int32Array;
  edgeStart: Int32Array;
  edgeMemory: Int32Array;
  edgeReward: Float64Array;
  edgeChild: Int32Array;
  edgeLeaves: Int32Array;
  /** Edges of the largest tree: the size of a search's scratch. */
  maxEdges: number;
  /** First edge of each root's tree and one past its last (the tree is contiguous). */
  treeEdgeStart: Int32Array;
  treeEdgeEnd: Int32Array;
}

/**
 * Enumerates the trees of `depth` moves from every non-terminal state of `model`. Every memory
 * must have one outcome (a deterministic task). States from which some path ends early (a
 * terminal state, a state without actions) get no tree (`root` -1).
 */
export function buildSearchTrees(model: TabularModel, depth: number): SearchTrees {
  if (!Number.isSafeInteger(depth) || depth < 1) throw new BadInputError(`depth must be a whole number >= 1, got ${depth}`);
  checkDeterministic(model);
  const edgeStart: number[] = [];
  const edgeMemory: number[] = [];
  const edgeReward: number[] = [];
  const edgeChild: number[] = [];
  const edgeLeaves: number[] = [];
  const root = new Int32Array(model.stateCount).fill(-1);
  const treeEdgeStart = new Int32Array(model.stateCount);
  const treeEdgeEnd = new Int32Array(model.stateCount);
  const paths = new Int32Array(model.stateCount);
  let maxEdges = 0;

  // Nodes are numbered in creation order; a node's edges are contiguous, children built after.
  const addNode = (state: number, movesLeft: number): { node: number; leaves: number } => {
    const node = edgeStart.length;
    const first = model.actionStart[state]!;
    const count = model.actionStart[state + 1]! - first;
    edgeStart.push(edgeMemory.length);
    const edges = edgeMemory.length;
    for (let a = 0; a < count; a++) {
      const j = model.transitionStart[first + a]!;
      edgeMemory.push(first + a);
      edgeReward.push(model.reward[j]!);
      edgeChild.push(-1);
      edgeLeaves.push(1);
    }
    let leaves = 0;
    for (let a = 0; a < count; a++) {
      if (movesLeft > 1) {
        const next = model.nextState[model.transitionStart[first + a]!]!;
        const child = addNode(next, movesLeft - 1);
        edgeChild[edges + a] = child.node;
        edgeLeaves[edges + a] = child.leaves;
      }
      leaves += edgeLeaves[edges + a]!;
    }
    return { node, leaves };
  };

  for (let s = 0; s < model.stateCount; s++) {
    if (!lastsExactly(model, s, depth)) continue;
    treeEdgeStart[s] = edgeMemory.length;
    const built = addNode(s, depth);
    root[s] = built.node;
    paths[s] = built.leaves;
    treeEdgeEnd[s] = edgeMemory.length;
    maxEdges = Math.max(maxEdges, treeEdgeEnd[s]! - treeEdgeStart[s]!);
  }
  if (maxEdges === 0) throw new BadInputError(`no state starts a path of exactly ${depth} moves`);
  edgeStart.push(edgeMemory.length);
  return {
    depth,
    root,
    paths,
    edgeStart: Int32Array.from(edgeStart),
    edgeMemory: Int32Array.from(edgeMemory),
    edgeReward: Float64Array.from(edgeReward),
    edgeChild: Int32Array.from(edgeChild),
    edgeLeaves: Int32Array.from(edgeLeaves),
    maxEdges,
    treeEdgeStart,
    treeEdgeEnd,
  };
}

function checkDeterministic(model: TabularModel): void {
  const memories = model.actionStart[model.stateCount]!;
  for (let i = 0; i < memories; i++) {
    const outcomes = model.transitionStart[i + 1]! - model.transitionStart[i]!;
    if (outcomes !== 1) throw new BadInputError(`a tree search needs a deterministic task; memory ${i} has ${outcomes} outcomes`);
  }
}

/** A state starts a tree when every path from it lasts exactly `movesLeft` moves (then ends). */
function lastsExactly(model: TabularModel, state: number, movesLeft: number): boolean {
  const first = model.actionStart[state]!;
  const count = model.actionStart[state + 1]! - first;
  if (movesLeft === 0) return model.terminal[state] !== 0 || count === 0;
  if (count === 0 || model.terminal[state] !== 0) return false;
  for (let a = 0; a < count; a++) {
    if (movesLeft > 1 && !lastsExactly(model, model.nextState[model.transitionStart[first + a]!]!, movesLeft - 1)) return false;
  }
  return true;
}
