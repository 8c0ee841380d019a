export * from './tabular-environment.js';
export * from './grid-world.js';
export * from './maze.js';
export * from './reference-mdps.js';
export * from './huys-planning.js';
export * from './environment-registry.js';
export * from './built-in-plugins.js';
export * from './guarded-environment.js';
