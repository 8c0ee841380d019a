/**
 * `@dra/core/internal`: the private tables and constants of the generator, `exp`, `log` and `cos`, for
 * code that computes the same numbers elsewhere and must read the very same tables: the
 * WebAssembly episode kernel of @dra/agent (its host copies the tables into the kernel's memory;
 * a test checks the kernel's copies of the constants). Not part of the public API: names and
 * layout may change in any release.
 *
 * @module
 */
export { ZIG_LAYERS, ZIG_R, ZIG_RATIO, ZIG_V, ZIG_X } from './ziggurat-tables.js';
export { COS_CONSTANTS } from './cos.js';
export { EXP2_TABLE, EXP_CONSTANTS, POW2 } from './exp.js';
export { LOG_CONSTANTS } from './log.js';
export { RNG_CONSTANTS } from './rng.js';
