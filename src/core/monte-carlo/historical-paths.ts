import type { PathGenerator } from './path-generator.ts';
import { SeededRandom } from './rng.ts';
import type { AnnualReturnRow, SimulationOptions } from './types.ts';

/** Default block length of the block bootstrap: long enough to keep multi-year runs of inflation. */
export const DEFAULT_BOOTSTRAP_BLOCK_YEARS = 5;

/**
 * Gross nominal return of the rebalanced mix in one historical year, after fees. Cash earns
 * its account's rate, not the T-bill rate: it is the cash the user holds.
 */
function historicalGross(row: AnnualReturnRow, options: SimulationOptions): number {
  const { allocation } = options;
  const gross =
    1 +
    (allocation.equity ?? 0) * row.sp500 +
    (allocation.fixed_income ?? 0) * row.tbond10 +
    (allocation.cash ?? 0) * (options.cashInterestRate ?? 0);
  return gross * (1 - (options.annualFeeRate ?? 0));
}

function requireRows(options: SimulationOptions): readonly AnnualReturnRow[] {
  const rows = options.historicalReturns;
  if (!rows || rows.length === 0) {
    throw new RangeError(`the ${options.model} model needs the historical annual returns`);
  }
  for (const assetClass of ['real_estate', 'commodities'] as const) {
    if ((options.allocation[assetClass] ?? 0) > 0) {
      throw new RangeError(
        `the ${options.model} model has no ${assetClass} series; use equity, fixed_income and cash`,
      );
    }
  }
  return rows;
}

/**
 * `historical`: one path per rolling start year, as in Bengen (1994) and the Trinity study
 * (Cooley, Hubbard and Walz 1998); no sampling, so the seed is irrelevant. Equity is the S&P
 * 500, fixed income the 10-year Treasury, cash T-bills, inflation the CPI.
 */
export function historicalGenerator(options: SimulationOptions, years: number): PathGenerator {
  const rows = requireRows(options);
  const paths = rows.length - years + 1;
  if (paths < 1) {
    throw new RangeError(
      `the historical data has ${rows.length} years, fewer than the ${years} years simulated`,
    );
  }
  return {
    paths,
    startYears: rows.slice(0, paths).map((row) => row.year),
    fill(path, realGrowth, inflation) {
      for (let year = 0; year < years; year++) {
        const row = rows[path + year]!;
        inflation[year] = 1 + row.cpi;
        realGrowth[year] = historicalGross(row, options) / (1 + row.cpi);
      }
    },
  };
}

/**
 * `bootstrap`: circular block bootstrap (Politis and Romano 1992): blocks of consecutive
 * historical years, each starting at a random year and wrapping past 2025 to 1928, so the
 * within-block links between stocks, bonds and inflation are kept.
 */
export function bootstrapGenerator(options: SimulationOptions): PathGenerator {
  const rows = requireRows(options);
  const random = new SeededRandom(options.seed);
  const blockYears = options.bootstrapBlockYears ?? DEFAULT_BOOTSTRAP_BLOCK_YEARS;
  const grossByRow = Float64Array.from(rows.map((row) => historicalGross(row, options)));
  const inflationByRow = Float64Array.from(rows.map((row) => 1 + row.cpi));
  const rowCount = rows.length;
  return {
    paths: options.simulations,
    startYears: null,
    fill(_path, realGrowth, inflation) {
      let index = 0;
      for (let year = 0; year < realGrowth.length; year++) {
        index = year % blockYears === 0 ? random.nextInt(rowCount) : (index + 1) % rowCount;
        const inflationFactor = inflationByRow[index]!;
        inflation[year] = inflationFactor;
        realGrowth[year] = grossByRow[index]! / inflationFactor;
      }
    },
  };
}
