// Monte Carlo throughput, one core: 60 years per path (30 saving, 30 retired), two mixes:
// 60/40 (two correlated assets) and five classes (equity, fixed income, real estate,
// commodities, cash: every random factor drawn, as for the demo portfolio).
//
// Absolute speeds mean little on a busy, shared machine, so each engine run is paired with a
// run of a plain reference implementation (reference-engine.ts) in the same process, and the
// figure that counts is the ratio of their CPU times (the median of the per-pair ratios). The
// reference must reproduce the engine's paths exactly; `same_paths_as_reference` says it did.
//
// The targets of issue 13 §3 are absolute (60/40 at 36 M path-years/s, five classes at 18 M,
// measured against main's 16.7 M and 8.3 M on a quiet core), that is gains of 2.16 and 2.17 over
// main's engine (commit 96d3848). That engine is loaded from the repository's history
// (main-engine.ts) and timed beside today's engine and the reference in the same run, so the
// gain and the reference ratio the target implies are both measured, not assumed. Without the
// history (a shallow clone) the recorded `mainOverReference` calibration stands in for it.
// The engine figure is the path simulation alone (runPaths, buffers reused as simulateRetirement
// reuses them); the full figure adds the percentiles, success rate and sustainable spending.
import {
  PathWorkspace,
  runPaths,
  simulateRetirement,
  type SimulationOptions,
} from '../src/core/index.ts';
import { MAIN_ENGINE_COMMIT, withMainEngine, type MainRunPaths } from './main-engine.ts';
import { referenceRun } from './reference-engine.ts';

const YEARS = 60;
const PATHS = 10_000;
const PAIRED_RUNS = 21;
const WARMUP_RUNS = 3;
/** Path counts of the flatness check, each against PATHS in the same process. */
const SCALING_PATHS = [100_000, 1_000_000];

const MIXES = {
  '60_40': {
    allocation: { equity: 0.6, fixed_income: 0.4 },
    issueTargetPathYearsPerSecond: 36_000_000,
    mainPathYearsPerSecond: 16_700_000,
    // Fallback only (see above). Main's engine beside the reference in one process, by CPU
    // time, on a shared 2-core machine at load 5-9 (2026-12-04): medians of 21 paired runs
    // gave 1.08, 1.09, 1.11 and 1.10. (By wall time they had swung from 1.26 to 1.81.)
    mainOverReference: 1.1,
  },
  five_classes: {
    allocation: { equity: 0.5, fixed_income: 0.25, real_estate: 0.1, commodities: 0.05, cash: 0.1 },
    issueTargetPathYearsPerSecond: 18_000_000,
    mainPathYearsPerSecond: 8_300_000,
    // The same runs: 1.15, 1.26, 1.24 and 1.23.
    mainOverReference: 1.22,
  },
} as const;

function plan(allocation: SimulationOptions['allocation'], paths: number): SimulationOptions {
  return {
    seed: 1,
    simulations: paths,
    model: 'lognormal',
    allocation,
    yearsToRetirement: YEARS / 2,
    retirementYears: YEARS / 2,
    balanceUsd: 250_000,
    annualContributionUsd: 15_000,
    spending: { kind: 'rate', withdrawalRate: 0.04 },
    inflationAdjusted: true,
    inflationRate: 0.025,
    cashInterestRate: 0.01,
    strategy: 'constant-dollar',
    withdrawalTiming: 'start',
  };
}

/**
 * The process's CPU time (user + system, all threads, so garbage collection counts) spent on
 * `task`, in ms. Not wall time: on the shared machine a run is descheduled for whole time
 * slices at random, which swung the paired ratios by 20% from run to run; CPU time leaves
 * that out (cache and frequency contention remain).
 */
function timeMs(task: () => unknown): number {
  const started = process.cpuUsage();
  task();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
}

const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? Number.NaN;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Whether the engine's and the reference's paths agree to the last bit. */
function samePaths(options: SimulationOptions, workspace: PathWorkspace): boolean {
  const engine = runPaths(options, { wealth: true }, workspace);
  const reference = referenceRun(options);
  const { paths, years } = engine;
  for (let path = 0; path < paths; path++) {
    if (engine.failed[path] !== reference.failed[path]) return false;
    for (let year = 0; year <= years; year++) {
      if (engine.wealth[year * paths + path] !== reference.wealth[path * (years + 1) + year]) {
        return false;
      }
    }
  }
  return true;
}

/** Paired runs: the engine's time, the reference's, and the per-pair ratios. */
function paired(first: () => unknown, second: () => unknown, runs: number) {
  for (let run = 0; run < WARMUP_RUNS; run++) {
    first();
    second();
  }
  const firstMs: number[] = [];
  const secondMs: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < runs; run++) {
    const one = timeMs(first);
    const two = timeMs(second);
    firstMs.push(one);
    secondMs.push(two);
    ratios.push(two / one);
  }
  return { firstMs: median(firstMs), secondMs: median(secondMs), ratio: median(ratios) };
}

function measureMix(
  mix: (typeof MIXES)[keyof typeof MIXES],
  mainRunPaths: MainRunPaths | undefined,
): Record<string, unknown> {
  const workspace = new PathWorkspace();
  const options = plan(mix.allocation, PATHS);
  const pathYears = PATHS * YEARS;
  const engine = paired(
    () => runPaths(options, { wealth: true }, workspace),
    () => referenceRun(options),
    PAIRED_RUNS,
  );
  const fullMs = median(Array.from({ length: 7 }, () => timeMs(() => simulateRetirement(options))));
  const targetGainOverMain = mix.issueTargetPathYearsPerSecond / mix.mainPathYearsPerSecond;
  // Main's engine, when this checkout has it: today's engine against it, and it against the
  // reference (the figure that turns the issue's gain into a reference ratio).
  const overMain = mainRunPaths
    ? paired(
        () => runPaths(options, { wealth: true }, workspace),
        () => mainRunPaths(options, { wealth: true }),
        PAIRED_RUNS,
      ).ratio
    : undefined;
  const mainOverReference = mainRunPaths
    ? paired(
        () => mainRunPaths(options, { wealth: true }),
        () => referenceRun(options),
        PAIRED_RUNS,
      ).ratio
    : mix.mainOverReference;
  const targetRatio = targetGainOverMain * mainOverReference;
  // Cost per path-year at larger path counts over the cost at PATHS, paired in turn.
  const scaling: Record<string, number> = {};
  for (const paths of SCALING_PATHS) {
    const large = plan(mix.allocation, paths);
    const runs = paths >= 1_000_000 ? 3 : 5;
    const { ratio } = paired(
      () => runPaths(options, { wealth: true }, workspace),
      () => runPaths(large, { wealth: true }, workspace),
      runs,
    );
    scaling[`cost_per_path_year_${paths}_over_${PATHS}`] = round(ratio / (paths / PATHS));
  }
  return {
    same_paths_as_reference: samePaths(options, workspace),
    engine_ms: round(engine.firstMs),
    engine_path_years_per_second: Math.round(pathYears / (engine.firstMs / 1000)),
    reference_ms: round(engine.secondMs),
    reference_path_years_per_second: Math.round(pathYears / (engine.secondMs / 1000)),
    engine_over_reference: round(engine.ratio),
    main_over_reference: round(mainOverReference),
    main_over_reference_source: mainRunPaths
      ? `measured in this run (commit ${MAIN_ENGINE_COMMIT})`
      : 'recorded calibration (main engine not in this checkout)',
    target_engine_over_reference: round(targetRatio),
    meets_target: engine.ratio >= targetRatio,
    ...(overMain === undefined
      ? {}
      : {
          engine_over_main: round(overMain),
          target_engine_over_main: round(targetGainOverMain),
          meets_target_over_main: overMain >= targetGainOverMain,
        }),
    full_ms: round(fullMs),
    full_path_years_per_second: Math.round(pathYears / (fullMs / 1000)),
    ...scaling,
    target_cost_per_path_year_ratio: 'about 1 (flat)',
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const measured = await withMainEngine((mainRunPaths) => {
    const results: Record<string, unknown> = {};
    for (const [name, mix] of Object.entries(MIXES)) results[name] = measureMix(mix, mainRunPaths);
    return results;
  });
  const results =
    'result' in measured
      ? measured.result
      : {
          main_engine: measured.unavailable,
          ...Object.fromEntries(
            Object.entries(MIXES).map(([name, mix]) => [name, measureMix(mix, undefined)]),
          ),
        };
  return {
    paths: PATHS,
    years: YEARS,
    model: 'lognormal, constant-dollar withdrawals at year start',
    statistic: `median of ${PAIRED_RUNS} paired engine/reference runs after ${WARMUP_RUNS} warm-up pairs, process CPU time`,
    issue_targets_path_years_per_second: { '60_40': 36_000_000, five_classes: 18_000_000 },
    ...results,
  };
}
