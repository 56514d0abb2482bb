export type * from './result.ts'
export { accuracyConfigSchema } from './accuracy/config.ts'
export type { AccuracyConfig, AccuracyConfigInput } from './accuracy/config.ts'
export { evaluateAccuracy } from './accuracy/evaluate.ts'
export type { AccuracyInputs, Scored } from './accuracy/evaluate.ts'
export { runAccuracyGate } from './accuracy/run.ts'
export type { RunHooks } from './accuracy/run.ts'
export { boundSpecSchema, describeBound, parseBoundFlag } from './bound-spec.ts'
export type { BoundSpec } from './bound-spec.ts'
export { ConfigError } from './errors.ts'
export { featureTable, scoreModel } from './scoring.ts'
export { worstStatus } from './status.ts'
export { HEADLINE_METRICS, LOWER_IS_BETTER, metricLabel } from './metric-names.ts'
export { kebab, parseConfig } from './parse-config.ts'
export { accuracyConfigFromInputs } from './accuracy/inputs.ts'
export type { InputReader } from './accuracy/inputs.ts'
export { FAIRNESS_RULES, MIN_GROUP_SIZE, fairnessConfigSchema } from './fairness/config.ts'
export type { FairnessConfig, FairnessConfigInput, FairnessRule } from './fairness/config.ts'
export { evaluateFairness } from './fairness/evaluate.ts'
export type { FairnessInputs } from './fairness/evaluate.ts'
export { runFairnessGate } from './fairness/run.ts'
export type { FairnessRunHooks } from './fairness/run.ts'
export { columnsRead, scoreForFairness } from './fairness/score.ts'
export type { FairnessScoring } from './fairness/score.ts'
export { assignments, parseBucketFlag, parseReferenceFlag, splitNames } from './fairness/flags.ts'
export { fairnessConfigFromInputs } from './fairness/inputs.ts'
export {
  DEFAULT_FAIL,
  DEFAULT_WARN,
  driftConfigSchema,
  driftProfileConfigSchema,
  featureThresholdSchema,
} from './drift/config.ts'
export type {
  DriftConfig,
  DriftConfigInput,
  DriftProfileConfig,
  DriftProfileConfigInput,
  FeatureThreshold,
} from './drift/config.ts'
export { driftedFeatures, evaluateDrift } from './drift/evaluate.ts'
export type { DriftInputs } from './drift/evaluate.ts'
export { buildReferenceProfile, runDriftGate } from './drift/run.ts'
export type { DriftRunHooks, ProfileSettings, Timings } from './drift/run.ts'
export { PROFILE_FORMAT, PROFILE_VERSION, buildProfile, resolveFeatures } from './drift/profile.ts'
export type { DriftProfile, FeatureProfile, FeatureRole } from './drift/profile.ts'
export {
  fileSha256,
  parseProfile,
  readProfile,
  serializeProfile,
  writeProfile,
} from './drift/profile-file.ts'
export { profileTable, writeDriftProfile } from './drift/profile-report.ts'
export { driftConfigFromInputs, parseFeatureThresholds } from './drift/inputs.ts'
export { schemaConfigSchema } from './schema/config.ts'
export type { SchemaConfig, SchemaConfigInput } from './schema/config.ts'
export { evaluateSchema, violationLabel } from './schema/evaluate.ts'
export type { SchemaExtras } from './schema/evaluate.ts'
export { checkModelInputs } from './schema/model-inputs.ts'
export type { ModelFit } from './schema/model-inputs.ts'
export { runSchemaGate } from './schema/run.ts'
export { schemaConfigFromInputs } from './schema/inputs.ts'
export { evaluateSchemaDiff, runSchemaDiff } from './schema/diff.ts'
export { inferSchemaText } from './schema/infer.ts'
export { benchDrift } from './drift/bench.ts'
export type { DriftBenchStep } from './drift/bench.ts'
