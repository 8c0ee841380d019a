export { assertEnvironmentConformance, checkEnvironmentConformance, type ConformanceFailure, type ConformanceOptions } from './conformance.js';
export { branchingMdp, goalChain, mathChainA, type ReferenceMdp } from './reference-mdps.js';
