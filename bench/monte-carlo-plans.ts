// The Monte Carlo benchmark's plans, shared by the in-process pairs (monte-carlo.bench.ts) and
// the engines timed alone in child processes (engine-alone.ts).
import type { SimulationOptions } from '../src/core/index.ts';

export const YEARS = 60;
export const PATHS = 10_000;

/** Allocations: 60/40 (two correlated assets) and five classes (every factor drawn, as the demo). */
export const MIX_ALLOCATIONS = {
  '60_40': { equity: 0.6, fixed_income: 0.4 },
  five_classes: { equity: 0.5, fixed_income: 0.25, real_estate: 0.1, commodities: 0.05, cash: 0.1 },
} as const satisfies Record<string, SimulationOptions['allocation']>;

export type MixName = keyof typeof MIX_ALLOCATIONS;

export function plan(mix: MixName, paths = PATHS): SimulationOptions {
  return {
    seed: 1,
    simulations: paths,
    model: 'lognormal',
    allocation: MIX_ALLOCATIONS[mix],
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

/** The process's CPU time (user + system, all threads, so garbage collection counts) of `task`, in ms. */
export function cpuMs(task: () => unknown): number {
  const started = process.cpuUsage();
  task();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
}

export const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? Number.NaN;
