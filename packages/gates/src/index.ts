export type * from './result.ts'
export { accuracyConfigSchema } from './accuracy/config.ts'
export type { AccuracyConfig, AccuracyConfigInput } from './accuracy/config.ts'
export { evaluateAccuracy } from './accuracy/evaluate.ts'
export type { AccuracyInputs, Scored } from './accuracy/evaluate.ts'
export type { AccuracyCurves, ModelCurves } from './accuracy/curves.ts'
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
export {
  accuracyProgress,
  driftProgress,
  fairnessProgress,
  progressLines,
  type KindsProgress,
  type MakeProgress,
  type ProgressDisplay,
} from './progress-lines.ts'
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
export { driftedFeatures, evaluateDrift, evaluateDriftWith } from './drift/evaluate.ts'
export { driftWorkers } from './drift/_workers.ts'
export { BREAK_EVEN_VALUES, THREADS_VARIABLE } from './drift/_threads.ts'
export type { DriftWorkers } from './drift/_workers.ts'
export type { DriftInputs } from './drift/evaluate.ts'
export { STREAM_ABOVE_BYTES, buildReferenceProfile, runDriftGate } from './drift/run.ts'
export type { DriftRunHooks, PreparedCurrent, ProfileSettings, Timings } from './drift/run.ts'
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
export { GATE_SECTIONS, policySchema } from './policy/schema.ts'
export type { Policy, PolicyGate, PolicySection } from './policy/schema.ts'
export { DEFAULT_POLICY_FILE, loadPolicy, parsePolicy, policyPlace } from './policy/load.ts'
export type { LoadedPolicy } from './policy/load.ts'
export { fromPolicy, overridePolicy, policyReader, withPolicyFile } from './policy/reader.ts'
export type { PolicyReader } from './policy/reader.ts'
export { POLICY_GATES, declaredGates, policyConfigs } from './policy/configs.ts'
export type { PolicyConfigs } from './policy/configs.ts'
export { runPolicy } from './policy/run.ts'
export type { PolicyRunHooks } from './policy/run.ts'
export { policyJsonSchema } from './policy/json-schema.ts'
export { modelCardConfigSchema, parseDatasetFlag, parseOwner } from './model-card/config.ts'
export type { ModelCardConfig, ModelCardConfigInput } from './model-card/config.ts'
export { CARD_FILES, buildModelCard, modelCardJson, writeModelCard } from './model-card/build.ts'
export type { ModelCard, ModelCardInputs } from './model-card/build.ts'
export type { DatasetInput } from './model-card/data-facts.ts'
export { lineageFromEnv } from './model-card/lineage.ts'
export type { Lineage } from './model-card/lineage.ts'
export { MCT_FIELDS_SCHEMA } from './model-card/mct-fields-schema.ts'
export type { McTModelCard, McTPerformanceMetric } from './model-card/mct-types.ts'
export { datasetsFromInputs, modelCardConfigFromInputs } from './model-card/inputs.ts'
export { policyCard } from './policy/card.ts'
export type { PolicyCard } from './policy/card.ts'
export { errorResult } from './error-result.ts'
