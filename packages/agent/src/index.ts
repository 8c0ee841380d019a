export { rollout } from './rollout.js';
export { expectedSarsaEpisode } from './expected-sarsa.js';
export { evaluateByRollouts } from './evaluate.js';
export {
  meanOfLast,
  train,
  type CurvePoint,
  type KernelPlacement,
  type LastEvaluation,
  type ProgressEvent,
  type StepCounts,
  type TrainingCheckpoint,
  type TrainingLoopSettings,
  type TrainOptions,
  type TrainResult,
} from './train.js';
export { trainingPath, type TrainingPath, type TrainingPathOptions } from './training-path.js';
export { defaultEnvironmentOptions, defaultSettings, MAZE_PAPER_SETTINGS, type EnvironmentOptionValue, type RunSettings } from './run-settings.js';
export { validateRunSettings, withoutNulls } from './settings/validate-run-settings.js';
export { baseSettings, DRA_ONLY_ESTIMATORS, SETTING_NAMES, SETTING_SPECS, type SettingName, type SettingValues } from './settings/setting-specs.js';
export {
  describeRelation,
  describeRule,
  describeRuleViolation,
  describeSetting,
  relationHolds,
  relationSettings,
  ruleAllows,
  setting,
  type ObjectiveRule,
  type Relation,
  type SettingFlag,
  type SettingSpec,
  type SettingTable,
  type ValuesOf,
} from './settings/setting-spec.js';
export {
  boundSettings,
  describeType,
  isValid,
  matchesType,
  settingType,
  type BooleanType,
  type Bound,
  type EnumType,
  type LiteralType,
  type NullType,
  type NumberType,
  type PairType,
  type RecordType,
  type SettingType,
  type UnionType,
  type ValueOf,
  type Wording,
} from './settings/setting-types.js';
export { assertSettings, checkSettings, problemMessage, settingMessage, showJson, showPlain, showText, type SettingCheck, type SettingProblem, type ValueShow } from './settings/check-settings.js';
export {
  parseBetaSchedule,
  parseBooleanWord,
  parseFiniteNumber,
  parseNumberList,
  parseQInit,
  parseStepDecay,
  parseTRef,
  parseWholeNumber,
  parseWord,
  placeholderOf,
  textParserOf,
  type TextParser,
} from './settings/flag-text.js';
export { initialMemory, markKnownFinalMoves, runExperiment, SettingsError, type RunExperimentOptions, type RunRecord } from './experiment.js';
export { scheduledBeta, type BetaSchedule } from './beta-schedule.js';
export { CURVE_COLUMNS, parseCurveCsv } from './curve-csv.js';
