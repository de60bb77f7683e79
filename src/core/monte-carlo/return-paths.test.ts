import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  logNormalParameters,
  portfolioMoments,
  RETURN_FACTORS,
  type CapitalMarketAssumptions,
  type ReturnMoments,
} from './capital-market-assumptions.ts';
import { choleskyFactor, createPathGenerator } from './return-paths.ts';
import { SeededRandom } from './rng.ts';
import type { SimulationOptions } from './types.ts';
import { planOptions } from './test-options.ts';

function sampleYears(overrides: Parameters<typeof planOptions>[0], paths: number, years: number) {
  const generator = createPathGenerator(planOptions({ simulations: paths, ...overrides }), years);
  const growth = new Float64Array(years);
  const inflation = new Float64Array(years);
  const values: number[] = [];
  for (let path = 0; path < generator.paths; path++) {
    generator.fill(path, growth, inflation);
    for (const factor of growth) values.push(factor);
  }
  return values;
}

const meanOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sdOf = (values: number[]) => {
  const mean = meanOf(values);
  return Math.sqrt(
    values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
  );
};

describe('return models', () => {
  it('lognormal and normal single assets have the stated arithmetic mean and volatility', () => {
    for (const model of ['lognormal', 'normal'] as const) {
      const values = sampleYears(
        { model, singleAsset: { meanReturn: 0.08, volatility: 0.2 } },
        2000,
        50,
      );
      const standardError = 0.2 / Math.sqrt(values.length);
      expect(Math.abs(meanOf(values) - 1.08)).toBeLessThan(4 * standardError);
      expect(sdOf(values)).toBeCloseTo(0.2, 2);
    }
  });

  it('a 60/40 mix has the real mean and volatility the assumptions imply', () => {
    const expected = portfolioMoments({ equity: 0.6, fixed_income: 0.4 });
    for (const model of ['lognormal', 'normal'] as const) {
      const values = sampleYears({ model, inflationRate: 0.031 }, 4000, 50);
      expect(Math.abs(meanOf(values) - 1 - expected.expectedReturn)).toBeLessThan(
        (4 * expected.volatility) / Math.sqrt(values.length),
      );
      expect(sdOf(values)).toBeCloseTo(expected.volatility, 2);
    }
  });

  it('correlates assets through the Cholesky factor', () => {
    // Order: equity, fixed income, inflation, real estate, commodities: equity and bonds at
    // −0.9, independent of inflation (which keeps the matrix positive semi-definite).
    const assumptions: CapitalMarketAssumptions = {
      ...DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
      correlation: [
        [1, -0.9, 0, 0, 0],
        [-0.9, 1, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 1],
      ],
    };
    // Strongly negative correlation makes the 50/50 mix far calmer than either asset.
    const calm = sdOf(
      sampleYears(
        { model: 'normal', assumptions, allocation: { equity: 0.5, fixed_income: 0.5 } },
        2000,
        50,
      ),
    );
    const plain = sdOf(
      sampleYears({ model: 'normal', allocation: { equity: 0.5, fixed_income: 0.5 } }, 2000, 50),
    );
    expect(calm).toBeLessThan(plain * 0.8);
  });

  it('factors a semi-definite matrix with a perfectly correlated pair', () => {
    const factor = choleskyFactor([
      [1, 1],
      [1, 1],
    ]);
    expect(Array.from(factor)).toEqual([1, 0, 1, 0]);
  });
});

/** Every year of `paths` paths: real growth and inflation side by side. */
function sampleJoint(overrides: Parameters<typeof planOptions>[0], paths: number, years: number) {
  const generator = createPathGenerator(planOptions({ simulations: paths, ...overrides }), years);
  const growth = new Float64Array(years);
  const inflation = new Float64Array(years);
  const realGrowth: number[] = [];
  const inflationFactors: number[] = [];
  for (let path = 0; path < generator.paths; path++) {
    generator.fill(path, growth, inflation);
    realGrowth.push(...growth);
    inflationFactors.push(...inflation);
  }
  return { realGrowth, inflation: inflationFactors };
}

const correlationOf = (a: number[], b: number[]) => {
  const meanA = meanOf(a);
  const meanB = meanOf(b);
  const covariance =
    a.reduce((sum, value, index) => sum + (value - meanA) * (b[index]! - meanB), 0) /
    (a.length - 1);
  return covariance / (sdOf(a) * sdOf(b));
};

describe('inflation drawn with the real returns', () => {
  const { inflation: assumed, correlation } = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;

  it('is random, with the given mean and the estimated volatility, in both models', () => {
    for (const model of ['lognormal', 'normal'] as const) {
      const { inflation } = sampleJoint({ model, inflationRate: 0.03 }, 2000, 50);
      expect(Math.abs(meanOf(inflation) - 1.03)).toBeLessThan(
        (4 * assumed.volatility) / Math.sqrt(inflation.length),
      );
      expect(sdOf(inflation)).toBeCloseTo(assumed.volatility, 2);
    }
  });

  it('bonds lose in the years inflation jumps (the estimated real correlation)', () => {
    for (const model of ['lognormal', 'normal'] as const) {
      const { realGrowth, inflation } = sampleJoint(
        { model, allocation: { fixed_income: 1 }, inflationRate: 0.03 },
        2000,
        50,
      );
      // The data's correlation is −0.52; the lognormal's differs from its normal by a little.
      expect(correlationOf(realGrowth, inflation)).toBeCloseTo(correlation[1]![2]!, 1);
      expect(correlationOf(realGrowth, inflation)).toBeLessThan(-0.4);
    }
  });

  it('--inflation moves nominal figures only: real returns of a mix without cash are unchanged', () => {
    const low = sampleJoint({ inflationRate: 0.01 }, 50, 30);
    const high = sampleJoint({ inflationRate: 0.08 }, 50, 30);
    expect(high.realGrowth).toEqual(low.realGrowth);
    expect(meanOf(high.inflation)).toBeGreaterThan(meanOf(low.inflation) + 0.06);
  });

  it('cash earns its account rate: real growth times inflation is 1 + rate every year', () => {
    for (const model of ['lognormal', 'normal'] as const) {
      const { realGrowth, inflation } = sampleJoint(
        { model, allocation: { cash: 1 }, cashInterestRate: 0.015, inflationRate: 0.03 },
        20,
        30,
      );
      realGrowth.forEach((growth, index) =>
        expect(growth * inflation[index]!).toBeCloseTo(1.015, 12),
      );
    }
    // Without a rate, cash loses inflation: about −3% a year in real terms, not T-bills' +0.4%.
    const idle = sampleJoint({ allocation: { cash: 1 }, inflationRate: 0.03 }, 500, 30);
    expect(meanOf(idle.realGrowth) - 1).toBeLessThan(-0.02);
  });

  it('fees scale every year of every model by 1 − fee on the same draws', () => {
    const rows = [
      { year: 2000, sp500: 0.1, tbond10: 0.02, tbill: 0.05, cpi: 0.03 },
      { year: 2001, sp500: -0.1, tbond10: 0.05, tbill: 0.03, cpi: 0.02 },
    ];
    for (const model of ['lognormal', 'normal', 'historical', 'bootstrap'] as const) {
      const base = {
        model,
        historicalReturns: rows,
        allocation: { equity: 0.6, fixed_income: 0.4 },
      };
      const years = model === 'historical' ? 2 : 10;
      const gross = sampleJoint(base, 5, years).realGrowth;
      const net = sampleJoint({ ...base, annualFeeRate: 0.00078 }, 5, years).realGrowth;
      net.forEach((value, index) => expect(value).toBeCloseTo(gross[index]! * (1 - 0.00078), 12));
    }
  });

  it('the normal model never loses more than everything in a year', () => {
    const { realGrowth } = sampleJoint(
      { model: 'normal', singleAsset: { meanReturn: 0, volatility: 1 } },
      200,
      50,
    );
    expect(Math.min(...realGrowth)).toBe(0);
    const mix = sampleJoint(
      {
        model: 'normal',
        allocation: { equity: 1 },
        assumptions: {
          ...DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
          assets: {
            ...DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.assets,
            equity: { meanReturn: 0, volatility: 1 },
          },
        },
      },
      200,
      50,
    );
    expect(Math.min(...mix.realGrowth)).toBe(0);
  });
});

describe('common random numbers across allocations', () => {
  it('a mix that adds a sliver of another class keeps every path within the sliver', () => {
    for (const model of ['lognormal', 'normal'] as const) {
      for (const [base, variant] of [
        [{ equity: 1 }, { equity: 0.999, fixed_income: 0.001 }],
        [
          { equity: 0.6, fixed_income: 0.4 },
          { equity: 0.6, fixed_income: 0.399, real_estate: 0.001 },
        ],
        [
          { equity: 0.6, fixed_income: 0.4 },
          { equity: 0.6, fixed_income: 0.399, commodities: 0.001 },
        ],
      ]) {
        const first = sampleJoint({ model, allocation: base }, 200, 30);
        const second = sampleJoint({ model, allocation: variant }, 200, 30);
        // A 0.1% sleeve moves a year's growth by at most about 0.1% of its spread.
        first.realGrowth.forEach((growth, index) =>
          expect(Math.abs(second.realGrowth[index]! - growth)).toBeLessThan(0.003),
        );
        second.inflation.forEach((factor, index) =>
          expect(Math.abs(factor - first.inflation[index]!)).toBeLessThan(0.003),
        );
      }
    }
  });
});

describe('the two-asset lognormal fast path', () => {
  it('draws the same years as the general loop, which also draws inflation', () => {
    const years = 12;
    const options = planOptions({ simulations: 3, seed: 42 });
    const fast = createPathGenerator(options, years, { inflation: false });
    const general = createPathGenerator(options, years, { inflation: true });
    const fastGrowth = new Float64Array(years);
    const generalGrowth = new Float64Array(years);
    const fastInflation = new Float64Array(years);
    const generalInflation = new Float64Array(years);
    for (let path = 0; path < 3; path++) {
      fast.fill(path, fastGrowth, fastInflation);
      general.fill(path, generalGrowth, generalInflation);
      fastGrowth.forEach((growth, year) => expect(growth).toBeCloseTo(generalGrowth[year]!, 12));
      // Not drawn, so not made up.
      expect(fastInflation.every(Number.isNaN)).toBe(true);
      expect(generalInflation.every((factor) => factor > 0.8 && factor < 1.3)).toBe(true);
    }
  });
});

describe('lognormal draws taken for several paths at once', () => {
  const fiveClasses = {
    allocation: { equity: 0.5, fixed_income: 0.25, real_estate: 0.1, commodities: 0.05, cash: 0.1 },
    cashInterestRate: 0.01,
    inflationRate: 0.025,
  };
  it('give every path the same years as drawing path by path', () => {
    // A run of one path draws one path per call (there is nothing to draw ahead); called 11
    // times it is the path-by-path reference for a run of 11 (blocks of 8, then 3).
    const years = 9;
    for (const overrides of [{}, fiveClasses]) {
      const blocked = createPathGenerator(
        planOptions({ seed: 9, simulations: 11, ...overrides }),
        years,
      );
      const single = createPathGenerator(
        planOptions({ seed: 9, simulations: 1, ...overrides }),
        years,
      );
      const growth = [new Float64Array(years), new Float64Array(years)] as const;
      const inflation = [new Float64Array(years), new Float64Array(years)] as const;
      for (let path = 0; path < 11; path++) {
        blocked.fill(path, growth[0], inflation[0]);
        single.fill(path, growth[1], inflation[1]);
        expect(growth[0]).toEqual(growth[1]);
        expect(inflation[0]).toEqual(inflation[1]);
      }
    }
  });

  it('refuses a path of another length in the same run', () => {
    const generator = createPathGenerator(planOptions({ simulations: 4 }), 10);
    generator.fill(0, new Float64Array(10), new Float64Array(10));
    expect(() => generator.fill(1, new Float64Array(12), new Float64Array(12))).toThrow(
      /every path of a run has 10 years, got 12/,
    );
  });
});

describe('seeds', () => {
  it('seeds beyond 2^32 give their own paths (no wrap modulo 2^32)', () => {
    const one = sampleJoint({ seed: 1 }, 5, 10).realGrowth;
    expect(sampleJoint({ seed: 2 ** 32 + 1 }, 5, 10).realGrowth).not.toEqual(one);
    expect(sampleJoint({ seed: 1 }, 5, 10).realGrowth).toEqual(one);
    expect(sampleJoint({ seed: Number.MAX_SAFE_INTEGER }, 5, 10).realGrowth).toHaveLength(50);
  });

  it('rejects a seed that is not a whole number from 0 to 2^53 − 1', () => {
    for (const seed of [-1, 1.5, 2 ** 53]) {
      expect(() => createPathGenerator(planOptions({ seed }), 10)).toThrow(/seed must be/);
    }
  });
});

describe('lognormal growth, class by class', () => {
  // A dense correlation matrix: every class loads on every earlier factor, so the classes'
  // sums have one to five terms and the general pass runs beside the single-pass loops.
  const dense: CapitalMarketAssumptions = {
    ...DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
    correlation: [
      [1, 0.3, -0.2, 0.5, 0.2],
      [0.3, 1, -0.4, 0.25, 0.1],
      [-0.2, -0.4, 1, 0.1, 0.3],
      [0.5, 0.25, 0.1, 1, 0.15],
      [0.2, 0.1, 0.3, 0.15, 1],
    ],
  };
  const risky = ['equity', 'fixed_income', 'real_estate', 'commodities'] as const;
  // One class alone makes a path-year's growth its exponential itself, so a log-return summed
  // in another order (one unit in the last place apart) shows; the mix checks the weighting.
  const allocations = [
    ...risky.map((assetClass) => ({ [assetClass]: 1 })),
    { cash: 1 },
    { equity: 0.4, fixed_income: 0.2, real_estate: 0.15, commodities: 0.1, cash: 0.15 },
  ] as SimulationOptions['allocation'][];

  it('is Σ weight · exp(log mean + Σ loading · draw), the sums in factor order, bit for bit', () => {
    const years = 7;
    const paths = 10;
    const fee = 0.003;
    const cashRate = 0.02;
    for (const assumptions of [DEFAULT_CAPITAL_MARKET_ASSUMPTIONS, dense]) {
      const cholesky = choleskyFactor(assumptions.correlation);
      const size = RETURN_FACTORS.length;
      const logReturn = (factor: number, moments: ReturnMoments, z: number[]) => {
        const { logMean, logSd } = logNormalParameters(moments);
        let sum = logMean;
        for (let k = 0; k <= factor; k++) {
          const loading = logSd * cholesky[factor * size + k]!;
          if (loading !== 0) sum = sum + loading * z[k]!;
        }
        return sum;
      };
      for (const allocation of allocations) {
        const options = planOptions({
          seed: 21,
          simulations: paths,
          allocation,
          assumptions,
          annualFeeRate: fee,
          cashInterestRate: cashRate,
          inflationRate: 0.025,
        });
        const generator = createPathGenerator(options, years, { inflation: true });
        // The same draws, taken path by path from fresh streams (stream k + 1 for factor k).
        const streams = RETURN_FACTORS.map((_, k) => new SeededRandom(21, k + 1));
        const draws = streams.map(() => new Float64Array(years));
        const growth = new Float64Array(years);
        const inflation = new Float64Array(years);
        const keep = 1 - fee;
        for (let path = 0; path < paths; path++) {
          generator.fill(path, growth, inflation);
          streams.forEach((stream, k) => stream.fillNormals(draws[k]!, 0, years));
          for (let year = 0; year < years; year++) {
            const z = draws.map((row) => row[year]!);
            let expected = 0;
            for (const assetClass of risky) {
              const weight = allocation[assetClass] ?? 0;
              if (weight === 0) continue;
              const factor = RETURN_FACTORS.indexOf(assetClass);
              const growthOfClass = Math.exp(logReturn(factor, assumptions.assets[assetClass], z));
              expected = expected + keep * weight * growthOfClass;
            }
            const inflationFactor = Math.exp(
              logReturn(
                RETURN_FACTORS.indexOf('inflation'),
                { meanReturn: 0.025, volatility: assumptions.inflation.volatility },
                z,
              ),
            );
            expected =
              expected + (keep * (allocation.cash ?? 0) * (1 + cashRate)) / inflationFactor;
            expect(inflation[year]).toBe(inflationFactor);
            expect(growth[year]).toBe(expected);
          }
        }
      }
    }
  });
});
