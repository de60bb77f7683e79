// The public API of the pure finance core.
export * from './monte-carlo/capital-market-assumptions.ts';
export * from './monte-carlo/types.ts';
export { MAX_SEED, SeededRandom } from './monte-carlo/rng.ts';
export { choleskyFactor } from './monte-carlo/return-paths.ts';
export { simulateRetirement } from './monte-carlo/simulate.ts';
export * from './monte-carlo/life-table.ts';
export * from './monte-carlo/longevity.ts';
export * from './monte-carlo/horizon.ts';
export { sustainableSpending, DEFAULT_TARGET_SUCCESS } from './monte-carlo/sustainable-spending.ts';
export { DEFAULT_SPENDING_FLOOR, runPaths, type PathResults } from './monte-carlo/engine.ts';
export { PathWorkspace } from './monte-carlo/path-workspace.ts';
export { cashFlowsFromIncomeStreams, describeCashFlow } from './monte-carlo/income-plan.ts';
export {
  benefitAtClaimingAge,
  claimingAdjustment,
  EARLIEST_CLAIMING_AGE,
  FULL_RETIREMENT_AGE,
  LATEST_CLAIMING_AGE,
} from './monte-carlo/social-security.ts';
export { Z_95 } from './monte-carlo/statistics.ts';
export { DEFAULT_BOOTSTRAP_BLOCK_YEARS } from './monte-carlo/return-paths.ts';
export {
  computeLevers,
  DEFAULT_LEVER_SIZES,
  LEVER_NAMES,
  type LeverName,
  type LeverResult,
  type LeverSizes,
} from './monte-carlo/levers.ts';
export { cashFlowsJson, incomeJson, toSimulationJson } from './monte-carlo/simulation-json.ts';
export {
  LONGEVITY_NOT_MODELLED,
  longevityJson,
  longevityLines,
} from './monte-carlo/longevity-output.ts';
export {
  describeReturnAssumptions,
  returnAssumptionsLine,
} from './monte-carlo/return-assumptions.ts';
export { renderSimulationText } from './monte-carlo/simulation-text.ts';
export * from './money.ts';
export {
  allocationSumProblems,
  allocationTotalPct,
  sumsToHundred,
} from './portfolio/allocation-sums.ts';
export { analyzePortfolio } from './portfolio/analytics.ts';
export { listFacts } from './portfolio/facts.ts';
export type * from './portfolio/types.ts';
export { buildChartDatasets, chartTotalMatches, labelFor } from './charts/datasets.ts';
export { CHART_PALETTE, paletteColor } from './charts/palette.ts';
export { extractFigures, type Figure } from './fact-check/extract-figures.ts';
export {
  compareFigures,
  type AllowedFact,
  type FigureMismatch,
} from './fact-check/compare-figures.ts';
export { xrayPortfolio, toXrayJson, resolveThresholds, type Xray } from './xray/xray.ts';
export type * from './xray/types.ts';
export { TaxBuckets } from './monte-carlo/tax-buckets.ts';
export { taxOptionsFrom, type TaxInputs } from './monte-carlo/tax-options.ts';
export { taxesJson, taxLines, TAXES_NOT_MODELLED } from './monte-carlo/tax-report.ts';
export {
  defaultTaxDeferredRate,
  effectiveFederalRate,
  federalIncomeTaxUsd,
} from './tax/effective-rate.ts';
export { FEDERAL_TAX_2024 } from './tax/federal-brackets-2024.ts';
export {
  RMD_AGE_SOURCE,
  requiredDistributionUsd,
  rmdStartAge,
} from './tax/required-distributions.ts';
export {
  UNIFORM_LIFETIME_TABLE_SOURCE,
  uniformLifetimeDivisor,
} from './tax/uniform-lifetime-table.ts';
