// Monte Carlo throughput: 10,000 paths × 60 years (30 saving, 30 retired), one core.
// The engine figure is the path simulation alone; the full figure adds the per-year
// percentiles, success rate and sustainable spending that simulateRetirement returns.
import { runPaths, simulateRetirement, type SimulationOptions } from '../src/core/index.ts';

const PATHS = 10_000;
const YEARS = 60;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 25;

function options(model: SimulationOptions['model']): SimulationOptions {
  return {
    seed: 1,
    simulations: PATHS,
    model,
    allocation: { equity: 0.6, fixed_income: 0.4 },
    yearsToRetirement: YEARS / 2,
    retirementYears: YEARS / 2,
    balanceUsd: 250_000,
    annualContributionUsd: 15_000,
    spending: { kind: 'rate', withdrawalRate: 0.04 },
    inflationAdjusted: true,
    inflationRate: 0.025,
    strategy: 'constant-dollar',
    withdrawalTiming: 'start',
  };
}

function medianMs(task: () => void): number {
  for (let run = 0; run < WARMUP_RUNS; run++) task();
  const times: number[] = [];
  for (let run = 0; run < MEASURED_RUNS; run++) {
    const started = performance.now();
    task();
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function measure(model: SimulationOptions['model']): Record<string, number> {
  const plan = options(model);
  const engineMs = medianMs(() => runPaths(plan));
  const fullMs = medianMs(() => simulateRetirement(plan));
  const pathYears = PATHS * YEARS;
  return {
    engine_ms: round(engineMs),
    engine_path_years_per_second: Math.round(pathYears / (engineMs / 1000)),
    full_ms: round(fullMs),
    full_path_years_per_second: Math.round(pathYears / (fullMs / 1000)),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

export async function run(): Promise<Record<string, unknown>> {
  await Promise.resolve();
  return {
    paths: PATHS,
    years: YEARS,
    allocation: '60/40 equity/fixed income (two correlated assets)',
    statistic: `median of ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up runs`,
    target_path_years_per_second: 20_000_000,
    lognormal: measure('lognormal'),
    normal: measure('normal'),
  };
}
