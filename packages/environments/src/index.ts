export { DEFAULT_MAX_STEPS, TabularEnvironment, type TabularEnvironmentOptions } from './tabular-environment.js';
export { GRID_ACTIONS, gridMove, GridWorld, gridWorldModel, parseGridMap, type GridMap, type GridWorldOptions, type ParsedGrid } from './grid-world.js';
export { createMaze, MAZE_MAP, MAZE_SWITCH_EPISODE, MAZE_SWITCHED_MAP, type MazeOptions } from './maze.js';
export { shortestPathCells } from './maze-paths.js';
export { createHuysTask, HUYS_GRAPH, HUYS_STATES, huysIndex, type HuysTaskOptions } from './huys-planning.js';
export { describeEnvironment, EnvironmentRegistry, type EnvironmentDescription } from './environment-registry.js';
export { createBuiltInRegistry, huysPlugin, mazePlugin, type MazePluginOptions } from './built-in-plugins.js';
export { DEFAULT_STEP_LIMIT, GuardedEnvironment, guardedPlugin } from './guarded-environment.js';
