import { describe, expect, it } from 'vitest';
import { runPaths, type PathResults } from './engine.ts';
import { computeLevers } from './levers.ts';
import { simulateRetirement } from './simulate.ts';
import { planOptions } from './test-options.ts';
import type { SimulationOptions } from './types.ts';

// Exact outputs for fixed seeds, recorded before the engine was optimised (issue 13 §3): a
// faster engine must reproduce every path bit for bit, so any drift in the draws, their order
// or the arithmetic shows here. The checksums cover every value of the per-path arrays, read
// in a fixed order (path by path, year by year) whatever the memory layout.

/** FNV-1a over the IEEE-754 bits of each value. */
function checksum(values: Iterable<number>): string {
  const bits = new DataView(new ArrayBuffer(8));
  let hash = 0x811c9dc5;
  for (const value of values) {
    bits.setFloat64(0, value);
    for (let byte = 0; byte < 8; byte++) {
      hash = Math.imul(hash ^ bits.getUint8(byte), 0x01000193);
    }
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function* wealthInPathOrder(results: PathResults): Generator<number> {
  for (let path = 0; path < results.paths; path++) {
    for (let year = 0; year <= results.years; year++) {
      yield results.wealth[year * results.paths + path]!;
    }
  }
}

function* incomeInPathOrder(results: PathResults): Generator<number> {
  for (let path = 0; path < results.paths; path++) {
    for (let year = 0; year < results.retirementYears; year++) {
      yield results.income[year * results.paths + path]!;
    }
  }
}

function fingerprint(options: SimulationOptions) {
  const results = runPaths(options);
  const summary = simulateRetirement(options);
  return {
    wealth: checksum(wealthInPathOrder(results)),
    income: checksum(incomeInPathOrder(results)),
    outcomes: checksum([
      ...results.depletionYear,
      ...results.failed,
      ...results.maxSpending,
      ...results.minIncome,
      ...results.cuts,
    ]),
    successProbability: summary.successProbability,
    endP50: summary.percentilesAtEnd.p50,
    sustainableSpendingUsd: summary.sustainable.spendingUsd,
    // The levers run without recording wealth: a second code path through the engine.
    levers: computeLevers(options, summary.successProbability).map(
      (lever) => lever.successProbability,
    ),
  };
}

const PLANS: Record<string, SimulationOptions> = {
  'lognormal 60/40, saving then retired': planOptions({
    seed: 1,
    simulations: 700,
    yearsToRetirement: 25,
    retirementYears: 35,
    balanceUsd: 250_000,
    annualContributionUsd: 15_000,
    inflationRate: 0.025,
  }),
  'lognormal, five classes with cash, guardrails, Bengen timing': planOptions({
    seed: 2,
    simulations: 600,
    allocation: {
      equity: 0.5,
      fixed_income: 0.25,
      real_estate: 0.1,
      commodities: 0.05,
      cash: 0.1,
    },
    yearsToRetirement: 10,
    balanceUsd: 800_000,
    annualContributionUsd: 20_000,
    inflationRate: 0.03,
    cashInterestRate: 0.02,
    annualFeeRate: 0.003,
    strategy: 'guardrails',
    withdrawalTiming: 'bengen',
  }),
  'lognormal, equity and real estate without cash, fixed nominal': planOptions({
    seed: 3,
    simulations: 500,
    allocation: { equity: 0.7, real_estate: 0.3 },
    spending: { kind: 'amount', annualUsd: 45_000 },
    inflationAdjusted: false,
    inflationRate: 0.02,
    withdrawalTiming: 'end',
  }),
  'normal, 60/40 with cash, floor and ceiling': planOptions({
    seed: 4,
    simulations: 500,
    model: 'normal',
    allocation: { equity: 0.55, fixed_income: 0.35, cash: 0.1 },
    yearsToRetirement: 5,
    inflationRate: 0.025,
    strategy: 'floor-and-ceiling',
  }),
  'single asset, variable percentage withdrawal': planOptions({
    seed: 5,
    simulations: 400,
    singleAsset: { meanReturn: 0.07, volatility: 0.16 },
    inflationRate: 0.02,
    strategy: 'vpw',
  }),
  // Two more plain plans (engine.ts retirePlain), pinned from the engine before it had that
  // loop (commit 4fc0eeb): year-end payments of a fixed real amount, and the five classes.
  'lognormal 60/40, a fixed real amount paid at year end': planOptions({
    seed: 6,
    simulations: 600,
    yearsToRetirement: 12,
    balanceUsd: 600_000,
    annualContributionUsd: 25_000,
    spending: { kind: 'amount', annualUsd: 38_000 },
    inflationRate: 0.025,
    withdrawalTiming: 'end',
  }),
  'lognormal, five classes with cash, constant-dollar at year start': planOptions({
    seed: 8,
    simulations: 600,
    allocation: {
      equity: 0.5,
      fixed_income: 0.25,
      real_estate: 0.1,
      commodities: 0.05,
      cash: 0.1,
    },
    yearsToRetirement: 20,
    balanceUsd: 300_000,
    annualContributionUsd: 18_000,
    inflationRate: 0.025,
    cashInterestRate: 0.01,
    spending: { kind: 'rate', withdrawalRate: 0.045 },
  }),
};

const PINNED: Record<string, ReturnType<typeof fingerprint>> = {
  'lognormal 60/40, saving then retired': {
    wealth: 'ffa17ad3',
    income: '459d1c15',
    outcomes: '81e0052b',
    successProbability: 0.8885714285714286,
    endP50: 2950406.933893763,
    sustainableSpendingUsd: 49206.86323682121,
    levers: [0.8885714285714286, 0.9014285714285715, 0.9342857142857143, 0.8385714285714285, 0.89],
  },
  'lognormal, five classes with cash, guardrails, Bengen timing': {
    wealth: 'da4c69f1',
    income: '8b45e9fb',
    outcomes: '15dfbff2',
    successProbability: 0.7316666666666667,
    endP50: 1905075.2291176156,
    sustainableSpendingUsd: 55329.91581182361,
    levers: [0.7316666666666667, 0.74, 0.7566666666666667, 0.66, 0.7266666666666667],
  },
  'lognormal, equity and real estate without cash, fixed nominal': {
    wealth: '1fcc405a',
    income: 'bc73bd65',
    outcomes: '51e3d25f',
    successProbability: 0.95,
    endP50: 3642419.329135568,
    sustainableSpendingUsd: 55171.171702341,
    levers: [0.966, 0.978, 0.978],
  },
  'normal, 60/40 with cash, floor and ceiling': {
    wealth: '6c5c5ff2',
    income: 'abd2b09d',
    outcomes: 'dc221188',
    successProbability: 0.664,
    endP50: 1183256.1499861814,
    sustainableSpendingUsd: 41963.487278242654,
    levers: [0.664, 0.686, 0.72, 0.514, 0.71],
  },
  'single asset, variable percentage withdrawal': {
    wealth: '8346c4a1',
    income: '1f3f17f5',
    outcomes: 'ce73d6b5',
    successProbability: 0.2125,
    endP50: 0,
    sustainableSpendingUsd: 30532.738468125706,
    levers: [0.26],
  },
  'lognormal 60/40, a fixed real amount paid at year end': {
    wealth: '7069c622',
    income: 'dd010b9e',
    outcomes: '972143ea',
    successProbability: 0.9783333333333334,
    endP50: 4229017.265754652,
    sustainableSpendingUsd: 54857.47033552964,
    levers: [0.9816666666666667, 0.9916666666666667, 0.99, 0.975, 0.9733333333333334],
  },
  'lognormal, five classes with cash, constant-dollar at year start': {
    wealth: 'b7d3b60f',
    income: '541e8f24',
    outcomes: '4492be4d',
    successProbability: 0.85,
    endP50: 1540740.9515982433,
    sustainableSpendingUsd: 44005.28563962609,
    levers: [0.85, 0.8666666666666667, 0.9183333333333333, 0.8116666666666666, 0.8583333333333333],
  },
};

describe('pinned outputs for fixed seeds', () => {
  for (const [name, options] of Object.entries(PLANS)) {
    it(name, () => {
      expect(fingerprint(options)).toEqual(PINNED[name]);
    });
  }
});
