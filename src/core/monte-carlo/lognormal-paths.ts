import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  logNormalParameters,
  RETURN_FACTORS,
  type RiskyAssetClass,
} from './capital-market-assumptions.ts';
import { factorModel, INFLATION_FACTOR, sparseTerms } from './factor-model.ts';
import type { PathGenerator, PathNeeds } from './path-generator.ts';
import type { SimulationOptions } from './types.ts';

/**
 * `lognormal`: each class's real gross return and inflation's gross factor are exp(m + s·z)
 * with m and s matched to the arithmetic mean and deviation (logNormalParameters); the z are
 * correlated through the Cholesky factor. Cash earns its nominal account rate, so its real
 * gross return is (1 + rate)/inflation on each path. Fees scale the whole mix each year.
 */
export function lognormalGenerator(options: SimulationOptions, needs: PathNeeds): PathGenerator {
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
  /**
   * Each year's `base` plus terms `from` to `to` − 1 (loading times its factor's draw), summed
   * in that order: the first term is added as the sum is started, the rest in one pass each.
   */
  const sumTerms = (
    sums: Float64Array,
    normals: Float64Array,
    base: number,
    from: number,
    to: number,
  ) => {
    const years = sums.length;
    if (from === to) {
      sums.fill(base);
      return;
    }
    const firstLoading = termLoading[from]!;
    const firstOffset = termFactor[from]! * years;
    for (let year = 0; year < years; year++) {
      sums[year] = base + firstLoading * normals[firstOffset + year]!;
    }
    for (let term = from + 1; term < to; term++) {
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
        sumTerms(logReturns, normals, logMeans[i]!, termStart[i]!, termStart[i + 1]!);
        const weight = weights[i]!;
        for (let year = 0; year < years; year++) {
          realGrowth[year] = realGrowth[year]! + weight * Math.exp(logReturns[year]!);
        }
      }
      if (!drawInflation) {
        inflation.fill(Number.NaN);
        return;
      }
      sumTerms(logReturns, normals, inflationLog.logMean, termStart[count]!, termStart[count + 1]!);
      for (let year = 0; year < years; year++) {
        const inflationFactor = Math.exp(logReturns[year]!);
        realGrowth[year] = realGrowth[year]! + cashGross / inflationFactor;
        inflation[year] = inflationFactor;
      }
    },
  };
}
