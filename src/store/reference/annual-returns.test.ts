import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  estimateReturnMoments,
  SHIPPED_DATA_MOMENTS,
} from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { loadAnnualReturns, parseAnnualReturns } from './annual-returns.ts';

describe('US annual returns 1928-2025 (Damodaran, NYU Stern)', () => {
  const rows = loadAnnualReturns();

  it('reads 98 consecutive years with known values', () => {
    expect(rows).toHaveLength(98);
    expect(rows[0]?.year).toBe(1928);
    expect(rows.at(-1)?.year).toBe(2025);
    expect(rows.find((row) => row.year === 1931)?.sp500).toBeCloseTo(-0.43838, 5);
    expect(rows.find((row) => row.year === 2024)?.tbill).toBe(0.0518);
  });

  it('backs the default capital-market assumptions: real returns and CPI, estimated from the file', () => {
    const stats = (pick: (row: (typeof rows)[number]) => number) => {
      const values = rows.map(pick);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const sd = Math.sqrt(
        values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
      );
      return { mean, sd, values };
    };
    const equity = stats((row) => (1 + row.sp500) / (1 + row.cpi) - 1);
    const bonds = stats((row) => (1 + row.tbond10) / (1 + row.cpi) - 1);
    const inflation = stats((row) => row.cpi);
    const { assets, correlation: matrix } = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
    for (const [stat, asset] of [
      [equity, assets.equity],
      [bonds, assets.fixed_income],
      [inflation, DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation],
    ] as const) {
      expect(asset.meanReturn).toBeCloseTo(stat.mean, 12);
      expect(asset.volatility).toBeCloseTo(stat.sd, 12);
    }
    const correlation = (a: typeof equity, b: typeof equity) =>
      a.values.reduce(
        (sum, value, index) => sum + (value - a.mean) * ((b.values[index] ?? 0) - b.mean),
        0,
      ) /
      (a.values.length - 1) /
      a.sd /
      b.sd;
    // Order: equity, fixed income, inflation, ...
    expect(matrix[0]?.[1]).toBeCloseTo(correlation(equity, bonds), 12);
    expect(matrix[0]?.[2]).toBeCloseTo(correlation(equity, inflation), 12);
    expect(matrix[1]?.[2]).toBeCloseTo(correlation(bonds, inflation), 12);
    // The figures the issue measured on this file: real, not nominal.
    expect(assets.equity.meanReturn).toBeCloseTo(0.0861, 4);
    expect(assets.fixed_income.meanReturn).toBeCloseTo(0.0183, 4);
    expect(DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation.meanReturn).toBeCloseTo(0.0311, 4);
  });

  it('the stored moments are the estimate on the shipped file, to the last digit', () => {
    const estimated = estimateReturnMoments(rows);
    expect(estimated.years).toEqual(SHIPPED_DATA_MOMENTS.years);
    for (const key of ['inflation', 'equity', 'fixed_income'] as const) {
      expect(estimated[key].meanReturn).toBeCloseTo(SHIPPED_DATA_MOMENTS[key].meanReturn, 14);
      expect(estimated[key].volatility).toBeCloseTo(SHIPPED_DATA_MOMENTS[key].volatility, 14);
    }
    estimated.correlation.forEach((row, i) =>
      row.forEach((value, j) =>
        expect(value).toBeCloseTo(SHIPPED_DATA_MOMENTS.correlation[i]![j]!, 14),
      ),
    );
  });

  it('rejects a row given in percent instead of a fraction, naming the row', () => {
    const text = 'year,sp500,tbond10,tbill,cpi\n1928,43.8,0.008,0.03,-0.01\n';
    expect(() => parseAnnualReturns(text)).toThrow(InputError);
    expect(() => parseAnnualReturns(text)).toThrow(/annual returns\.1\.sp500/);
  });

  it('rejects a gap in the years', () => {
    const text = 'year,sp500,tbond10,tbill,cpi\n1928,0.1,0.01,0.03,0.01\n1930,0.1,0.01,0.03,0.01\n';
    expect(() => parseAnnualReturns(text)).toThrow(/must follow 1928/);
  });
});
