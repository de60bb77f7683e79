import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  RETURN_FACTORS,
  expectedRealReturn,
  portfolioMoments,
} from './capital-market-assumptions.ts';
import { choleskyFactor, createPathGenerator } from './return-paths.ts';
import { planOptions } from './test-options.ts';

const { assets, correlation, sources } = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
const at = (factor: (typeof RETURN_FACTORS)[number]) => RETURN_FACTORS.indexOf(factor);

describe('default capital-market assumptions', () => {
  it('give every class its own assumption: no class is equity under another name', () => {
    expect(correlation[at('real_estate')]![at('equity')]).toBeLessThan(1);
    expect(correlation[at('commodities')]![at('equity')]).toBe(0);
    expect(assets.commodities.meanReturn).not.toBe(assets.equity.meanReturn);
    for (const factor of RETURN_FACTORS) expect(sources[factor].length).toBeGreaterThan(20);
  });

  it('form a valid (positive semi-definite, symmetric) correlation matrix', () => {
    expect(() => choleskyFactor(correlation)).not.toThrow();
    correlation.forEach((row, i) =>
      row.forEach((value, j) => expect(correlation[j]![i]).toBe(value)),
    );
  });

  it('commodities compound to a zero real return (the golden constant), with equity risk', () => {
    const gross = 1 + assets.commodities.meanReturn;
    const logVariance = Math.log(1 + (assets.commodities.volatility / gross) ** 2);
    expect(Math.log(gross) - logVariance / 2).toBeCloseTo(0, 12);
    expect(assets.commodities.volatility).toBe(assets.equity.volatility);
  });
});

describe('the expected real return both the report and the simulation use', () => {
  it('matches the simulated mean and volatility of a mix with cash, real estate and fees', () => {
    const allocation = {
      equity: 0.5,
      fixed_income: 0.2,
      real_estate: 0.1,
      commodities: 0.05,
      cash: 0.15,
    };
    const inputs = { cashInterestRate: 0.02, inflationMean: 0.03, annualFeeRate: 0.004 };
    const expected = portfolioMoments(allocation, DEFAULT_CAPITAL_MARKET_ASSUMPTIONS, inputs);
    expect(expectedRealReturn(allocation, inputs)).toBe(expected.expectedReturn);
    const years = 40;
    const generator = createPathGenerator(
      planOptions({
        allocation,
        simulations: 3000,
        cashInterestRate: 0.02,
        inflationRate: 0.03,
        annualFeeRate: 0.004,
      }),
      years,
    );
    const growth = new Float64Array(years);
    const inflation = new Float64Array(years);
    let sum = 0;
    let sumSquares = 0;
    let count = 0;
    for (let path = 0; path < generator.paths; path++) {
      generator.fill(path, growth, inflation);
      for (const value of growth) {
        sum += value - 1;
        sumSquares += (value - 1) ** 2;
        count++;
      }
    }
    const mean = sum / count;
    const sd = Math.sqrt(sumSquares / count - mean * mean);
    expect(Math.abs(mean - expected.expectedReturn)).toBeLessThan(
      (4 * expected.volatility) / Math.sqrt(count),
    );
    // The correlations of cash with the rest are first-order, so the volatility to 3%.
    expect(Math.abs(sd / expected.volatility - 1)).toBeLessThan(0.03);
  });

  it('cash earns its account rate less inflation, not T-bill returns', () => {
    const idle = expectedRealReturn({ cash: 1 });
    const paid = expectedRealReturn({ cash: 1 }, { cashInterestRate: 0.05 });
    // About −3%: the mean of 1/(1 + inflation) over random inflation, a little above 1/1.031.
    expect(idle).toBeLessThan(-0.027);
    expect(idle).toBeGreaterThan(-0.031);
    expect(paid - idle).toBeCloseTo(0.05 * (1 + idle), 6);
  });

  it('fees take their share of the return every year', () => {
    const gross = expectedRealReturn({ equity: 0.6, fixed_income: 0.4 });
    const net = expectedRealReturn({ equity: 0.6, fixed_income: 0.4 }, { annualFeeRate: 0.00078 });
    expect(net).toBeCloseTo((1 + gross) * (1 - 0.00078) - 1, 12);
  });
});
