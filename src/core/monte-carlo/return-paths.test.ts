import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  type CapitalMarketAssumptions,
} from './capital-market-assumptions.ts';
import { choleskyFactor, createPathGenerator } from './return-paths.ts';
import { SeededRandom } from './rng.ts';
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

  it('a 60/40 mix has the mean and volatility the assumptions imply', () => {
    const assumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
    const equity = assumptions.assets.equity;
    const bonds = assumptions.assets.fixed_income;
    const rho = assumptions.correlation[0]?.[1] ?? 0;
    const expectedMean = 0.6 * equity.meanReturn + 0.4 * bonds.meanReturn;
    const expectedSd = Math.sqrt(
      (0.6 * equity.volatility) ** 2 +
        (0.4 * bonds.volatility) ** 2 +
        2 * 0.6 * 0.4 * rho * equity.volatility * bonds.volatility,
    );
    for (const model of ['lognormal', 'normal'] as const) {
      const values = sampleYears({ model }, 4000, 50);
      expect(Math.abs(meanOf(values) - 1 - expectedMean)).toBeLessThan(
        (4 * expectedSd) / Math.sqrt(values.length),
      );
      expect(sdOf(values)).toBeCloseTo(expectedSd, 2);
    }
  });

  it('correlates assets through the Cholesky factor', () => {
    const assumptions: CapitalMarketAssumptions = {
      ...DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
      correlation: DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.correlation.map((row, i) =>
        row.map((value, j) => ((i === 0 && j === 1) || (i === 1 && j === 0) ? -0.9 : value)),
      ),
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

  it('inflates by the given rate for parametric models', () => {
    const generator = createPathGenerator(planOptions({ inflationRate: 0.03, simulations: 1 }), 3);
    const growth = new Float64Array(3);
    const inflation = new Float64Array(3);
    generator.fill(0, growth, inflation);
    expect(Array.from(inflation)).toEqual([1.03, 1.03, 1.03]);
  });
});

describe('the two-asset lognormal fast path', () => {
  it('draws the same years as the general formula on the same seed', () => {
    const years = 12;
    const generator = createPathGenerator(planOptions({ simulations: 3, seed: 42 }), years);
    const growth = new Float64Array(years);
    const inflation = new Float64Array(years);
    const random = new SeededRandom(42);
    const { equity, fixed_income: bonds } = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.assets;
    const rho = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.correlation[0]?.[1] ?? 0;
    const logParameters = (asset: { meanReturn: number; volatility: number }) => {
      const variance = Math.log(1 + (asset.volatility / (1 + asset.meanReturn)) ** 2);
      return { mean: Math.log(1 + asset.meanReturn) - variance / 2, sd: Math.sqrt(variance) };
    };
    const stock = logParameters(equity);
    const bond = logParameters(bonds);
    for (let path = 0; path < 3; path++) {
      generator.fill(path, growth, inflation);
      for (let year = 0; year < years; year++) {
        const first = random.nextNormal();
        const second = random.nextNormal();
        const expected =
          0.6 * Math.exp(stock.mean + stock.sd * first) +
          0.4 * Math.exp(bond.mean + bond.sd * (rho * first + Math.sqrt(1 - rho * rho) * second));
        expect(growth[year]).toBeCloseTo(expected, 12);
      }
    }
  });
});
