// The generator, exp and log by name: their tables and constants are private to them
// (exported by the internal entry, @dra/core/internal, for the WebAssembly kernel of @dra/agent).
export { Rng, seedKey, type RngState, type Seed } from './rng.js';
export { exp } from './exp.js';
export { log } from './log.js';
export { cos } from './cos.js';
export { logSoftmaxInto, sampleCategorical, softmaxInto } from './log-softmax.js';
export { addGaussianKlGradient, gaussianKl, gaussianKlDerivative, gaussianKlSum } from './gaussian-kl.js';
export { entropyFromLogProbabilities, entropySigmaGradientInto } from './entropy.js';
export { erfc, normalCdf } from './normal-cdf.js';
export { MemoryTable, type MemoryRows } from './memory-table.js';
export { TrajectoryBuffer } from './trajectory-buffer.js';
export { sigmaAscentStep } from './sigma-step.js';
export { buildTabularModel, type Outcome, type TabularModel, type TabularModelSpec } from './tabular-model.js';
export { ENVIRONMENT_SPECIFICATION_VERSION, type Environment, type KernelDynamics, type KernelModel } from './environment.js';
export type { MapLayout } from './map-layout.js';
export { checkEnvironmentPlugin, ENVIRONMENT_OPTION_TYPES, PluginContractError, type EnvironmentOptionSpec, type EnvironmentOptionType, type EnvironmentPlugin } from './environment-plugin.js';
export type { BetaSchedule, TrainingPreset } from './training-preset.js';
export { POLICY_SPECIFICATION_VERSION, type Policy, type PolicyKernel } from './policy.js';
export { decayedStep, SIGMA_STEP_RULE_IDS, SigmaStepper, type SigmaStepRuleId, type SigmaStepState, type StepDecay } from './sigma-step-rule.js';
export { BadInputError, EnvironmentFaultError, EnvironmentFileError, EXIT_CODES, SYSTEM_ERROR_CODES, systemFailureOf } from './errors.js';
