export * from './tabular-environment.js';
export * from './grid-world.js';
export * from './maze.js';
export * from './reference-mdps.js';
export * from './huys-planning.js';
