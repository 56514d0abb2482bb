export type { MetricMap, MetricValue } from './metric-value.ts'
export { definedMetric, undefinedMetric } from './metric-value.ts'
export { StatsInputError } from './errors.ts'
export { BINARY_METRIC_NAMES, binaryMetrics, binaryMetricsWithCurves } from './binary-metrics.ts'
export type { BinaryMetricName } from './binary-metrics.ts'
export { multiclassMetrics } from './multiclass-metrics.ts'
export { regressionMetrics } from './regression-metrics.ts'
export { bootstrapBinary, bootstrapStatistic, pairedBootstrapBinary } from './bootstrap.ts'
export type { BootstrapInterval, BootstrapOptions } from './bootstrap.ts'
export { createResampler } from './_resample.ts'
export type { Resampler, ResamplerFactory } from './_resample.ts'
export { mcnemarExact } from './mcnemar.ts'
export { delongTest } from './delong.ts'
export type { DelongResult } from './delong.ts'
export { argsortFloat64, sortFloat64 } from './radix-sort.ts'
export {
  CURVE_POINTS,
  binaryCurves,
  calibrationBins,
  precisionRecallCurve,
  rocCurve,
} from './curves.ts'
export type { BinaryCurves, CalibrationBin, PrecisionRecallCurve, RocCurve } from './curves.ts'
export { downsampleCurve } from './curve-downsample.ts'
export { quantileSorted } from './quantile.ts'
export { createRng } from './rng.ts'
export { normalCdf } from './normal.ts'
export { binomialCdf, binomialPmf } from './binomial.ts'
export {
  GROUP_RATE_NAMES,
  confusionType,
  groupConfusion,
  groupRates,
  ratesFromCounts,
} from './fairness/group-rates.ts'
export type { GroupRateName, GroupRates } from './fairness/group-rates.ts'
export { DISPARITY_NAMES, fairnessDisparities } from './fairness/disparities.ts'
export type {
  Disparity,
  DisparityName,
  DisparityOptions,
  DisparityPlan,
  FairnessDisparities,
  GroupValue,
  LeftOutGroup,
} from './fairness/disparities.ts'
export {
  DISPARITY_INTERVAL_METHOD,
  FAIRNESS_BOOTSTRAP_METHOD,
  bootstrapFairness,
} from './fairness/fairness-bootstrap.ts'
export type {
  FairnessGrouping,
  FairnessIntervalName,
  FairnessIntervals,
} from './fairness/fairness-bootstrap.ts'
export {
  PSI_EPSILON,
  PSI_QUANTILES,
  binCountsSorted,
  binCountsWeighted,
  binCountsWithMissing,
  binIndex,
  distinctEdges,
  populationStability,
  quantileEdges,
} from './drift/psi.ts'
export type { PsiResult } from './drift/psi.ts'
export { alignCategories, countCodes } from './drift/categories.ts'
export type { AlignedCategories, CategoryCounts } from './drift/categories.ts'
export { KS_EXACT_MAX_N, ksTwoSample, ksTwoSampleKeyed } from './drift/ks.ts'
export type { KsMethod, KsResult, SortedSample } from './drift/ks.ts'
export { kolmogorovSf } from './drift/kolmogorov.ts'
export { jensenShannonDistance } from './drift/js-distance.ts'
export { chiSquareQuantile, chiSquareSf } from './drift/chi-square.ts'
export { psiNoise, psiNoiseQuantile, psiPValue } from './drift/expected-psi.ts'
export type { PsiNoise } from './drift/expected-psi.ts'
export { benjaminiHochberg } from './drift/benjamini-hochberg.ts'
export { distinctValues, numericSummary } from './drift/sample-summary.ts'
export type { DistinctValues, NumericSummary } from './drift/sample-summary.ts'
export {
  columnDistribution,
  cumulativeCounts,
  distinctQuantile,
  distinctSummary,
  keyedColumnDistribution,
} from './drift/distribution.ts'
export type { ColumnDistribution } from './drift/distribution.ts'
export {
  keyedBinCounts,
  keyedCounter,
  keyedCounts,
  keyedCountsOfKeys,
  keyedDistinct,
  keyedDistinctCount,
  keyedSummary,
  keyedWidthLimit,
} from './drift/keyed-counts.ts'
export type { KeyGrid, KeyedCounter, KeyedCounts } from './drift/keyed-counts.ts'
export { distributionMerger, mergeDistributions } from './drift/merge-distribution.ts'
export type { DistributionMerger } from './drift/merge-distribution.ts'
export { sortPresent } from './drift/sort-present.ts'
export type { SortedPresent } from './drift/sort-present.ts'
