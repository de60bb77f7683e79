import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPITAL_MARKET_ASSUMPTIONS } from '../../core/index.ts';
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

  it('backs the default capital-market assumptions for equity, fixed income and cash', () => {
    const stats = (pick: (row: (typeof rows)[number]) => number) => {
      const values = rows.map(pick);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const sd = Math.sqrt(
        values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
      );
      return { mean, sd, values };
    };
    const equity = stats((row) => row.sp500);
    const bonds = stats((row) => row.tbond10);
    const bills = stats((row) => row.tbill);
    const assets = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.assets;
    for (const [stat, asset] of [
      [equity, assets.equity],
      [bonds, assets.fixed_income],
      [bills, assets.cash],
    ] as const) {
      expect(asset.meanReturn).toBeCloseTo(stat.mean, 6);
      expect(asset.volatility).toBeCloseTo(stat.sd, 6);
    }
    const correlation = (a: typeof equity, b: typeof equity) =>
      a.values.reduce(
        (sum, value, index) => sum + (value - a.mean) * ((b.values[index] ?? 0) - b.mean),
        0,
      ) /
      (a.values.length - 1) /
      a.sd /
      b.sd;
    const matrix = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.correlation;
    expect(matrix[0]?.[1]).toBeCloseTo(correlation(equity, bonds), 4);
    expect(matrix[0]?.[4]).toBeCloseTo(correlation(equity, bills), 4);
    expect(matrix[1]?.[4]).toBeCloseTo(correlation(bonds, bills), 4);
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
