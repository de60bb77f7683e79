import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  logNormalParameters,
  RETURN_FACTORS,
  type RiskyAssetClass,
} from './capital-market-assumptions.ts';
import { SeededRandom } from './rng.ts';
import type { AnnualReturnRow, SimulationOptions } from './types.ts';

/**
 * Fills one path's years: `realGrowth[y]` is 1 plus the portfolio's real return in year y
 * (rebalanced to the target weights each year, after fees), `inflation[y]` is 1 plus that
 * year's inflation (NaN from the parametric models when PathNeeds says it is not read).
 * The buffers are reused for every path, so generating a path allocates nothing.
 */
export interface PathGenerator {
  paths: number;
  startYears: number[] | null;
  fill(path: number, realGrowth: Float64Array, inflation: Float64Array): void;
}

/** Default block length of the block bootstrap: long enough to keep multi-year runs of inflation. */
export const DEFAULT_BOOTSTRAP_BLOCK_YEARS = 5;

export function createPathGenerator(
  options: SimulationOptions,
  years: number,
  needs: PathNeeds = { inflation: true },
): PathGenerator {
  switch (options.model) {
    case 'lognormal':
    case 'normal':
      return createParametric(options, needs);
    case 'historical':
      return historicalGenerator(options, years);
    case 'bootstrap':
      return bootstrapGenerator(options);
  }
}

/**
 * Cholesky factor of a positive semi-definite correlation matrix. A zero pivot (a variable
 * perfectly correlated with earlier ones) gets a zero column instead of a division by zero.
 * The factor of a leading block of the matrix is the leading block of the factor, so a run
 * that needs only the first k variables uses the first k rows unchanged.
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

/** Inflation below −100% would make prices negative; the normal model cannot be let near it. */
const MIN_GROSS_INFLATION = 1e-6;
const INFLATION_FACTOR = RETURN_FACTORS.indexOf('inflation');

/** What the caller reads besides real growth. */
export interface PathNeeds {
  /**
   * Each year's inflation. When false and nothing else needs it (no cash held), the parametric
   * models skip drawing it and leave `inflation` as NaN, so a reader that forgot to ask fails
   * loudly instead of reading a made-up figure.
   */
  inflation: boolean;
}

/**
 * The draws shared by every allocation: factor k (in the order of RETURN_FACTORS) has its own
 * random stream, drawn for every path and year whenever it or a later factor is needed. So two
 * runs on one seed see the same equity, bond and inflation draws whatever else they hold
 * (common random numbers: a lever that adds or drops a class changes the plan, not the luck).
 */
interface FactorModel {
  streams: SeededRandom[];
  /** Lower-triangular Cholesky rows of the drawn factors, `factorCount` wide. */
  cholesky: Float64Array;
  factorCount: number;
  /** Risky classes held, as factor indexes. */
  held: number[];
  /** Whether each year's inflation is computed. */
  inflation: boolean;
}

function factorModel(options: SimulationOptions, needs: PathNeeds): FactorModel {
  const assumptions = options.assumptions ?? DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const held: number[] = [];
  RETURN_FACTORS.forEach((factor, index) => {
    if (factor !== 'inflation' && (options.allocation[factor] ?? 0) > 0) held.push(index);
  });
  const inflation = needs.inflation || (options.allocation.cash ?? 0) > 0;
  const factorCount = Math.max(
    1,
    ...held.map((index) => index + 1),
    inflation ? INFLATION_FACTOR + 1 : 0,
  );
  const full = choleskyFactor(assumptions.correlation);
  const size = RETURN_FACTORS.length;
  const cholesky = new Float64Array(factorCount * factorCount);
  for (let row = 0; row < factorCount; row++) {
    for (let column = 0; column <= row; column++) {
      cholesky[row * factorCount + column] = full[row * size + column]!;
    }
  }
  return {
    streams: Array.from({ length: factorCount }, (_, k) => new SeededRandom(options.seed, k + 1)),
    cholesky,
    factorCount,
    held,
    inflation,
  };
}

function createParametric(options: SimulationOptions, needs: PathNeeds): PathGenerator {
  if (options.singleAsset) return singleAssetGenerator(options, options.singleAsset);
  return options.model === 'normal'
    ? normalGenerator(options, needs)
    : lognormalGenerator(options, needs);
}

/**
 * `lognormal`: each class's real gross return and inflation's gross factor are exp(m + s·z)
 * with m and s matched to the arithmetic mean and deviation (logNormalParameters); the z are
 * correlated through the Cholesky factor. Cash earns its nominal account rate, so its real
 * gross return is (1 + rate)/inflation on each path. Fees scale the whole mix each year.
 */
function lognormalGenerator(options: SimulationOptions, needs: PathNeeds): PathGenerator {
  const assumptions = options.assumptions ?? DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const model = factorModel(options, needs);
  const { streams, cholesky, factorCount: size, held } = model;
  const keep = 1 - (options.annualFeeRate ?? 0);
  const cashGross = keep * (options.allocation.cash ?? 0) * (1 + (options.cashInterestRate ?? 0));
  const count = held.length;
  const weights = new Float64Array(count);
  const logMeans = new Float64Array(count);
  // Log-return of held class i = logMeans[i] + Σ_k loadings[i·size + k]·z_k.
  const loadings = new Float64Array(count * size);
  held.forEach((factor, i) => {
    const assetClass = RETURN_FACTORS[factor] as RiskyAssetClass;
    const { logMean, logSd } = logNormalParameters(assumptions.assets[assetClass]);
    weights[i] = keep * (options.allocation[assetClass] ?? 0);
    logMeans[i] = logMean;
    for (let k = 0; k <= factor; k++) loadings[i * size + k] = logSd * cholesky[factor * size + k]!;
  });
  const inflationLog = logNormalParameters({
    meanReturn: options.inflationRate,
    volatility: assumptions.inflation.volatility,
  });
  const inflationLoadings = new Float64Array(size);
  if (model.inflation) {
    for (let k = 0; k <= INFLATION_FACTOR; k++) {
      inflationLoadings[k] = inflationLog.logSd * cholesky[INFLATION_FACTOR * size + k]!;
    }
  }
  const drawInflation = model.inflation;
  // The sums above keep only their non-zero terms, in the same order: adding a zero product
  // leaves a sum unchanged, so the paths are the same, and the Cholesky factor is mostly zeros
  // (commodities load on their own factor only). Class i's terms are termStart[i] to
  // termStart[i + 1] − 1; the inflation sum's terms come last.
  const terms = sparseTerms([
    ...Array.from({ length: count }, (_, i) => loadings.subarray(i * size, (i + 1) * size)),
    inflationLoadings,
  ]);
  const { termStart, termFactor, termLoading } = terms;
  let logReturns = new Float64Array(0);
  /** Adds terms `from` to `to` − 1 (loading times its factor's draw) to each year's sum. */
  const addTerms = (sums: Float64Array, normals: Float64Array, from: number, to: number) => {
    const years = sums.length;
    for (let term = from; term < to; term++) {
      const loading = termLoading[term]!;
      const offset = termFactor[term]! * years;
      for (let year = 0; year < years; year++)
        sums[year] = sums[year]! + loading * normals[offset + year]!;
    }
  };
  // The usual 60/40 mix without cash, unrolled: the engine's hottest loop.
  const twoAssets = count === 2 && size === 2;
  const [weight0 = 0, weight1 = 0] = weights;
  const [logMean0 = 0, logMean1 = 0] = logMeans;
  const loading00 = loadings[0] ?? 0;
  const loading10 = loadings[size] ?? 0;
  const loading11 = loadings[size + 1] ?? 0;
  let normals = new Float64Array(0);
  return {
    paths: options.simulations,
    startYears: null,
    fill(_path, realGrowth, inflation) {
      const years = realGrowth.length;
      if (normals.length !== years * size) normals = new Float64Array(years * size);
      // One stream at a time, year by year: factor k of year y is normals[k·years + y].
      for (let k = 0; k < size; k++) streams[k]!.fillNormals(normals, k * years, years);
      if (twoAssets) {
        for (let year = 0; year < years; year++) {
          const first = normals[year]!;
          const second = normals[years + year]!;
          realGrowth[year] =
            weight0 * Math.exp(logMean0 + loading00 * first) +
            weight1 * Math.exp(logMean1 + loading10 * first + loading11 * second);
          inflation[year] = Number.NaN;
        }
        return;
      }
      // Class by class over all years (each year's sum still adds its terms and classes in
      // the same order), so every inner loop is a plain pass over contiguous years.
      if (logReturns.length !== years) logReturns = new Float64Array(years);
      realGrowth.fill(0);
      for (let i = 0; i < count; i++) {
        logReturns.fill(logMeans[i]!);
        addTerms(logReturns, normals, termStart[i]!, termStart[i + 1]!);
        const weight = weights[i]!;
        for (let year = 0; year < years; year++) {
          realGrowth[year] = realGrowth[year]! + weight * Math.exp(logReturns[year]!);
        }
      }
      if (!drawInflation) {
        inflation.fill(Number.NaN);
        return;
      }
      logReturns.fill(inflationLog.logMean);
      addTerms(logReturns, normals, termStart[count]!, termStart[count + 1]!);
      for (let year = 0; year < years; year++) {
        const inflationFactor = Math.exp(logReturns[year]!);
        realGrowth[year] = realGrowth[year]! + cashGross / inflationFactor;
        inflation[year] = inflationFactor;
      }
    },
  };
}

/** The non-zero entries of each row, in column order, as flat arrays. */
function sparseTerms(rows: readonly Float64Array[]): {
  termStart: Int32Array;
  termFactor: Int32Array;
  termLoading: Float64Array;
} {
  const termStart = new Int32Array(rows.length + 1);
  const factors: number[] = [];
  const values: number[] = [];
  rows.forEach((row, index) => {
    row.forEach((value, factor) => {
      if (value === 0) return;
      factors.push(factor);
      values.push(value);
    });
    termStart[index + 1] = factors.length;
  });
  return {
    termStart,
    termFactor: Int32Array.from(factors),
    termLoading: Float64Array.from(values),
  };
}

/**
 * `normal`: inflation and the real returns are jointly normal, so the risky part of a
 * fixed-weight mix is normal too: its mean plus its volatility times ONE draw a year, from the
 * same stream whatever the mix (common random numbers across allocations). Inflation, when
 * needed, is drawn from a second stream with the mix's estimated correlation to it. A normal
 * return has no floor, so the mix is bounded at a total loss (gross return 0).
 */
function normalGenerator(options: SimulationOptions, needs: PathNeeds): PathGenerator {
  const assumptions = options.assumptions ?? DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const keep = 1 - (options.annualFeeRate ?? 0);
  const cashWeight = options.allocation.cash ?? 0;
  const cashGross = cashWeight * (1 + (options.cashInterestRate ?? 0));
  const drawInflation = needs.inflation || cashWeight > 0;
  const inflationSd = assumptions.inflation.volatility;
  let riskyMean = 1 - cashWeight;
  let riskyVariance = 0;
  let inflationCovariance = 0;
  const inflationAt = RETURN_FACTORS.indexOf('inflation');
  RETURN_FACTORS.forEach((rowFactor, row) => {
    if (rowFactor === 'inflation') return;
    const rowWeight = options.allocation[rowFactor] ?? 0;
    const rowAsset = assumptions.assets[rowFactor];
    riskyMean += rowWeight * rowAsset.meanReturn;
    const correlation = assumptions.correlation[row] ?? [];
    inflationCovariance +=
      rowWeight * rowAsset.volatility * inflationSd * (correlation[inflationAt] ?? 0);
    RETURN_FACTORS.forEach((columnFactor, column) => {
      if (columnFactor === 'inflation') return;
      riskyVariance +=
        rowWeight *
        (options.allocation[columnFactor] ?? 0) *
        rowAsset.volatility *
        assumptions.assets[columnFactor].volatility *
        (correlation[column] ?? 0);
    });
  });
  const riskySd = Math.sqrt(Math.max(0, riskyVariance));
  // Inflation = mean + sd·(ρ·z + √(1 − ρ²)·u), z the mix's draw, u its own.
  const rho =
    riskySd > 0 ? Math.max(-1, Math.min(1, inflationCovariance / (riskySd * inflationSd))) : 0;
  const onMix = inflationSd * rho;
  const ownPart = inflationSd * Math.sqrt(1 - rho * rho);
  const inflationMean = 1 + options.inflationRate;
  const mixStream = new SeededRandom(options.seed, 1);
  const inflationStream = new SeededRandom(options.seed, 2);
  // Each stream's draws for a whole path at once: the same sequence per stream as drawing
  // year by year, since the two streams are independent objects.
  let mixDraws = new Float64Array(0);
  let inflationDraws = new Float64Array(0);
  return {
    paths: options.simulations,
    startYears: null,
    fill(_path, realGrowth, inflation) {
      const years = realGrowth.length;
      if (mixDraws.length !== years) {
        mixDraws = new Float64Array(years);
        inflationDraws = new Float64Array(years);
      }
      mixStream.fillNormals(mixDraws, 0, years);
      if (drawInflation) inflationStream.fillNormals(inflationDraws, 0, years);
      for (let year = 0; year < years; year++) {
        const z = mixDraws[year]!;
        let gross = riskyMean + riskySd * z;
        if (drawInflation) {
          const inflationFactor = Math.max(
            MIN_GROSS_INFLATION,
            inflationMean + onMix * z + ownPart * inflationDraws[year]!,
          );
          gross += cashGross / inflationFactor;
          inflation[year] = inflationFactor;
        } else {
          inflation[year] = Number.NaN;
        }
        realGrowth[year] = gross > 0 ? gross * keep : 0;
      }
    },
  };
}

/**
 * One asset given by its NOMINAL arithmetic mean and volatility (`--return-mean`), with a
 * fixed inflation rate: the textbook setting, kept so results can be checked against closed
 * forms. Lognormal or normal (bounded at a total loss) as the model says.
 */
function singleAssetGenerator(
  options: SimulationOptions,
  asset: { meanReturn: number; volatility: number },
): PathGenerator {
  const random = new SeededRandom(options.seed, 1);
  const inflationFactor = 1 + options.inflationRate;
  const scale = (1 - (options.annualFeeRate ?? 0)) / inflationFactor;
  const { logMean, logSd } = logNormalParameters(asset);
  const lognormal = options.model === 'lognormal';
  let draws = new Float64Array(0);
  return {
    paths: options.simulations,
    startYears: null,
    fill(_path, realGrowth, inflation) {
      const years = realGrowth.length;
      if (draws.length !== years) draws = new Float64Array(years);
      random.fillNormals(draws, 0, years);
      for (let year = 0; year < years; year++) {
        const z = draws[year]!;
        const gross = lognormal
          ? Math.exp(logMean + logSd * z)
          : Math.max(0, 1 + asset.meanReturn + asset.volatility * z);
        realGrowth[year] = gross * scale;
        inflation[year] = inflationFactor;
      }
    },
  };
}

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
function historicalGenerator(options: SimulationOptions, years: number): PathGenerator {
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
function bootstrapGenerator(options: SimulationOptions): PathGenerator {
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
