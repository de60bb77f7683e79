import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  SIMULATED_ASSET_CLASSES,
  type SimulatedAssetClass,
} from './capital-market-assumptions.ts';
import { SeededRandom } from './rng.ts';
import type { AnnualReturnRow, SimulationOptions } from './types.ts';

/**
 * Fills one path's years: `realGrowth[y]` is 1 plus the portfolio's real return in year y
 * (rebalanced to the target weights each year), `inflation[y]` is 1 plus that year's inflation.
 * The buffers are reused for every path, so generating a path allocates nothing.
 */
export interface PathGenerator {
  paths: number;
  startYears: number[] | null;
  fill(path: number, realGrowth: Float64Array, inflation: Float64Array): void;
}

/** Default block length of the block bootstrap: long enough to keep multi-year runs of inflation. */
export const DEFAULT_BOOTSTRAP_BLOCK_YEARS = 5;

export function createPathGenerator(options: SimulationOptions, years: number): PathGenerator {
  switch (options.model) {
    case 'lognormal':
    case 'normal':
      return parametricGenerator(options, years);
    case 'historical':
      return historicalGenerator(options, years);
    case 'bootstrap':
      return bootstrapGenerator(options);
  }
}

interface ActiveAssets {
  weights: Float64Array;
  means: Float64Array;
  volatilities: Float64Array;
  /** Lower-triangular Cholesky factor of the correlation matrix, row-major. */
  cholesky: Float64Array;
}

function activeAssets(options: SimulationOptions): ActiveAssets {
  if (options.singleAsset) {
    return {
      weights: Float64Array.of(1),
      means: Float64Array.of(options.singleAsset.meanReturn),
      volatilities: Float64Array.of(options.singleAsset.volatility),
      cholesky: Float64Array.of(1),
    };
  }
  const assumptions = options.assumptions ?? DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const indexes = SIMULATED_ASSET_CLASSES.map((_, index) => index).filter(
    (index) => (options.allocation[SIMULATED_ASSET_CLASSES[index] as SimulatedAssetClass] ?? 0) > 0,
  );
  const assetAt = (index: number) =>
    assumptions.assets[SIMULATED_ASSET_CLASSES[index] as SimulatedAssetClass];
  const correlation = indexes.map((row) =>
    indexes.map((column) => assumptions.correlation[row]?.[column] ?? (row === column ? 1 : 0)),
  );
  return {
    weights: Float64Array.from(
      indexes.map(
        (index) => options.allocation[SIMULATED_ASSET_CLASSES[index] as SimulatedAssetClass] ?? 0,
      ),
    ),
    means: Float64Array.from(indexes.map((index) => assetAt(index).meanReturn)),
    volatilities: Float64Array.from(indexes.map((index) => assetAt(index).volatility)),
    cholesky: choleskyFactor(correlation),
  };
}

/**
 * Cholesky factor of a positive semi-definite correlation matrix. A zero pivot (an asset
 * perfectly correlated with earlier ones, as the real-estate proxy is with equity) gets a zero
 * column instead of a division by zero.
 */
export function choleskyFactor(matrix: readonly (readonly number[])[]): Float64Array {
  const size = matrix.length;
  const factor = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row]?.[column] ?? 0;
      for (let k = 0; k < column; k++) {
        sum -= (factor[row * size + k] ?? 0) * (factor[column * size + k] ?? 0);
      }
      if (row === column) {
        if (sum < -1e-9) throw new RangeError('correlation matrix is not positive semi-definite');
        factor[row * size + column] = sum > 1e-12 ? Math.sqrt(sum) : 0;
      } else {
        const pivot = factor[column * size + column] ?? 0;
        factor[row * size + column] = pivot > 0 ? sum / pivot : 0;
      }
    }
  }
  return factor;
}

/**
 * `lognormal`: each asset's gross return is exp(m + s·z) with m and s matched to the asset's
 * arithmetic mean μ and standard deviation σ (s² = ln(1 + σ²/(1+μ)²), m = ln(1+μ) − s²/2, the
 * moments of geometric Brownian motion over one year); the z are correlated through the
 * Cholesky factor. `normal`: a fixed-weight mix of jointly normal returns is itself normal, so
 * one draw per year with the portfolio's mean and volatility is the same distribution.
 */
function parametricGenerator(options: SimulationOptions, years: number): PathGenerator {
  const random = new SeededRandom(options.seed);
  const assets = activeAssets(options);
  const inflationFactor = 1 + options.inflationRate;
  const count = assets.weights.length;
  if (options.model === 'normal') {
    let mean = 0;
    let variance = 0;
    for (let i = 0; i < count; i++) {
      mean += (assets.weights[i] ?? 0) * (assets.means[i] ?? 0);
      for (let j = 0; j < count; j++) {
        let covariance = 0;
        for (let k = 0; k < count; k++) {
          covariance +=
            (assets.cholesky[i * count + k] ?? 0) * (assets.cholesky[j * count + k] ?? 0);
        }
        variance +=
          (assets.weights[i] ?? 0) *
          (assets.weights[j] ?? 0) *
          (assets.volatilities[i] ?? 0) *
          (assets.volatilities[j] ?? 0) *
          covariance;
      }
    }
    const volatility = Math.sqrt(variance);
    return {
      paths: options.simulations,
      startYears: null,
      fill(_path, realGrowth, inflation) {
        for (let year = 0; year < years; year++) {
          realGrowth[year] = (1 + mean + volatility * random.nextNormal()) / inflationFactor;
          inflation[year] = inflationFactor;
        }
      },
    };
  }
  // Log-return of asset i = logMeans[i] + Σ_k loadings[i][k]·e_k with independent normals e_k:
  // the log-volatility times the Cholesky row.
  const logMeans = new Float64Array(count);
  const loadings = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    const gross = 1 + assets.means[i]!;
    const logVariance = Math.log(1 + (assets.volatilities[i]! / gross) ** 2);
    logMeans[i] = Math.log(gross) - logVariance / 2;
    for (let k = 0; k <= i; k++) {
      loadings[i * count + k] = Math.sqrt(logVariance) * assets.cholesky[i * count + k]!;
    }
  }
  // Drawing all of a path's normals first, then transforming them, keeps both loops tight.
  const draws = new Float64Array(years * count);
  const weights = assets.weights;
  const deflator = 1 / inflationFactor;
  const [weight0 = 0, weight1 = 0] = weights;
  const [logMean0 = 0, logMean1 = 0] = logMeans;
  const loading00 = loadings[0] ?? 0;
  const loading10 = loadings[count] ?? 0;
  const loading11 = loadings[count + 1] ?? 0;
  return {
    paths: options.simulations,
    startYears: null,
    fill(_path, realGrowth, inflation) {
      if (count === 2) {
        // The common two-asset mix (stocks and bonds), unrolled: this loop is the engine's
        // hottest, and the general form below costs about a third more here.
        for (let year = 0; year < years; year++) {
          const first = random.nextNormal();
          const second = random.nextNormal();
          realGrowth[year] =
            (weight0 * Math.exp(logMean0 + loading00 * first) +
              weight1 * Math.exp(logMean1 + loading10 * first + loading11 * second)) *
            deflator;
          inflation[year] = inflationFactor;
        }
        return;
      }
      const normals = draws;
      const size = count;
      for (let i = 0; i < normals.length; i++) normals[i] = random.nextNormal();
      for (let year = 0, offset = 0; year < years; year++, offset += size) {
        let gross = 0;
        for (let i = 0, row = 0; i < size; i++, row += size) {
          let logReturn = logMeans[i]!;
          for (let k = 0; k <= i; k++) logReturn += loadings[row + k]! * normals[offset + k]!;
          gross += weights[i]! * Math.exp(logReturn);
        }
        realGrowth[year] = gross * deflator;
        inflation[year] = inflationFactor;
      }
    },
  };
}

/** Gross nominal return of the rebalanced mix in one historical year. */
function historicalGross(
  row: AnnualReturnRow,
  allocation: SimulationOptions['allocation'],
): number {
  return (
    1 +
    (allocation.equity ?? 0) * row.sp500 +
    (allocation.fixed_income ?? 0) * row.tbond10 +
    (allocation.cash ?? 0) * row.tbill
  );
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
function historicalGenerator(options: SimulationOptions, years: number): PathGenerator {
  const rows = requireRows(options);
  const paths = rows.length - years + 1;
  if (paths < 1) {
    throw new RangeError(
      `the historical data has ${rows.length} years, fewer than the ${years} years simulated`,
    );
  }
  const { allocation } = options;
  return {
    paths,
    startYears: rows.slice(0, paths).map((row) => row.year),
    fill(path, realGrowth, inflation) {
      for (let year = 0; year < years; year++) {
        const row = rows[path + year]!;
        inflation[year] = 1 + row.cpi;
        realGrowth[year] = historicalGross(row, allocation) / (1 + row.cpi);
      }
    },
  };
}

/**
 * `bootstrap`: circular block bootstrap (Politis and Romano 1992): blocks of consecutive
 * historical years, each starting at a random year and wrapping past 2025 to 1928, so the
 * within-block links between stocks, bonds and inflation are kept.
 */
function bootstrapGenerator(options: SimulationOptions): PathGenerator {
  const rows = requireRows(options);
  const random = new SeededRandom(options.seed);
  const blockYears = options.bootstrapBlockYears ?? DEFAULT_BOOTSTRAP_BLOCK_YEARS;
  const grossByRow = Float64Array.from(rows.map((row) => historicalGross(row, options.allocation)));
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
