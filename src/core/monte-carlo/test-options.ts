import type { SimulationOptions } from './types.ts';

/** A plain plan for tests: one asset, no inflation, 30 retirement years; override what matters. */
export function planOptions(overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    seed: 7,
    simulations: 2000,
    model: 'lognormal',
    allocation: { equity: 0.6, fixed_income: 0.4 },
    yearsToRetirement: 0,
    retirementYears: 30,
    balanceUsd: 1_000_000,
    annualContributionUsd: 0,
    spending: { kind: 'rate', withdrawalRate: 0.04 },
    inflationAdjusted: true,
    inflationRate: 0,
    strategy: 'constant-dollar',
    withdrawalTiming: 'start',
    ...overrides,
  };
}
