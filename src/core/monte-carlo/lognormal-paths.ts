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
 * Paths whose draws each stream writes in one call. The paths are the same: a stream's draws
 * for consecutive paths are consecutive in it however many are taken per call, and the streams
 * are independent objects. A call per path per stream cost a state load and store each time;
 * eight paths' draws (five streams × 8 × 60 years × 8 bytes = 19 KB) still fit in L1.
 */
const DRAW_BLOCK_PATHS = 8;

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
   * Factor k's draws for the path are at `k · factorStride + pathOffset` on.
   */
  const sumTerms = (
    sums: Float64Array,
    normals: Float64Array,
    factorStride: number,
    pathOffset: number,
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
    const firstOffset = termFactor[from]! * factorStride + pathOffset;
    for (let year = 0; year < years; year++) {
      sums[year] = base + firstLoading * normals[firstOffset + year]!;
    }
    for (let term = from + 1; term < to; term++) {
      const loading = termLoading[term]!;
      const offset = termFactor[term]! * factorStride + pathOffset;
      for (let year = 0; year < years; year++)
        sums[year] = sums[year]! + loading * normals[offset + year]!;
    }
  };
  /**
   * Adds `weight` · exp(log-return) of one class to each year's growth, its log-return being
   * `base` plus terms `from` to `to` − 1 as sumTerms sums them. Classes with one to four
   * terms (every class of the default model) sum, exponentiate and add in one pass, with the
   * same operations in the same order as the two passes of the general case below, so the
   * paths are the same; the pass saved was a third of the generator's time besides its draws
   * and exponentials.
   */
  const addClassGrowth = (
    growth: Float64Array,
    normals: Float64Array,
    factorStride: number,
    pathOffset: number,
    weight: number,
    base: number,
    from: number,
    to: number,
  ) => {
    const years = growth.length;
    const terms = to - from;
    if (terms >= 1 && terms <= 4) {
      const l0 = termLoading[from]!;
      const o0 = termFactor[from]! * factorStride + pathOffset;
      if (terms === 1) {
        for (let year = 0; year < years; year++) {
          growth[year] = growth[year]! + weight * Math.exp(base + l0 * normals[o0 + year]!);
        }
        return;
      }
      const l1 = termLoading[from + 1]!;
      const o1 = termFactor[from + 1]! * factorStride + pathOffset;
      if (terms === 2) {
        for (let year = 0; year < years; year++) {
          const logReturn = base + l0 * normals[o0 + year]! + l1 * normals[o1 + year]!;
          growth[year] = growth[year]! + weight * Math.exp(logReturn);
        }
        return;
      }
      const l2 = termLoading[from + 2]!;
      const o2 = termFactor[from + 2]! * factorStride + pathOffset;
      if (terms === 3) {
        for (let year = 0; year < years; year++) {
          const logReturn =
            base + l0 * normals[o0 + year]! + l1 * normals[o1 + year]! + l2 * normals[o2 + year]!;
          growth[year] = growth[year]! + weight * Math.exp(logReturn);
        }
        return;
      }
      const l3 = termLoading[from + 3]!;
      const o3 = termFactor[from + 3]! * factorStride + pathOffset;
      for (let year = 0; year < years; year++) {
        const logReturn =
          base +
          l0 * normals[o0 + year]! +
          l1 * normals[o1 + year]! +
          l2 * normals[o2 + year]! +
          l3 * normals[o3 + year]!;
        growth[year] = growth[year]! + weight * Math.exp(logReturn);
      }
      return;
    }
    if (logReturns.length !== years) logReturns = new Float64Array(years);
    sumTerms(logReturns, normals, factorStride, pathOffset, base, from, to);
    for (let year = 0; year < years; year++) {
      growth[year] = growth[year]! + weight * Math.exp(logReturns[year]!);
    }
  };
  /** Inflation's factor each year, and cash's real growth added to the year's growth. */
  const addInflation = (
    growth: Float64Array,
    inflation: Float64Array,
    normals: Float64Array,
    factorStride: number,
    pathOffset: number,
  ) => {
    const years = growth.length;
    const from = termStart[count]!;
    const to = termStart[count + 1]!;
    const base = inflationLog.logMean;
    if (to - from === 3) {
      // Inflation loads on equity, fixed income and its own factor in the default model.
      const l0 = termLoading[from]!;
      const o0 = termFactor[from]! * factorStride + pathOffset;
      const l1 = termLoading[from + 1]!;
      const o1 = termFactor[from + 1]! * factorStride + pathOffset;
      const l2 = termLoading[from + 2]!;
      const o2 = termFactor[from + 2]! * factorStride + pathOffset;
      for (let year = 0; year < years; year++) {
        const inflationFactor = Math.exp(
          base + l0 * normals[o0 + year]! + l1 * normals[o1 + year]! + l2 * normals[o2 + year]!,
        );
        growth[year] = growth[year]! + cashGross / inflationFactor;
        inflation[year] = inflationFactor;
      }
      return;
    }
    if (logReturns.length !== years) logReturns = new Float64Array(years);
    sumTerms(logReturns, normals, factorStride, pathOffset, base, from, to);
    for (let year = 0; year < years; year++) {
      const inflationFactor = Math.exp(logReturns[year]!);
      growth[year] = growth[year]! + cashGross / inflationFactor;
      inflation[year] = inflationFactor;
    }
  };
  // The usual 60/40 mix without cash, unrolled: the engine's hottest loop.
  const twoAssets = count === 2 && size === 2;
  const [weight0 = 0, weight1 = 0] = weights;
  const [logMean0 = 0, logMean1 = 0] = logMeans;
  const loading00 = loadings[0] ?? 0;
  const loading10 = loadings[size] ?? 0;
  const loading11 = loadings[size + 1] ?? 0;
  // Draws of the current block of paths: factor k, block member b, year y at
  // (k·DRAW_BLOCK_PATHS + b)·years + y. Paths are filled in call order (the path argument is
  // not read), so `member` of `blockPaths` is the next to use and `drawnPaths` counts the paths
  // drawn so far; a block never draws past the run's paths.
  let normals = new Float64Array(0);
  let pathYears = 0;
  let member = 0;
  let blockPaths = 0;
  let drawnPaths = 0;
  return {
    paths: options.simulations,
    startYears: null,
    fill(_path, realGrowth, inflation) {
      const years = realGrowth.length;
      if (normals.length === 0) {
        normals = new Float64Array(years * size * DRAW_BLOCK_PATHS);
        pathYears = years;
      } else if (years !== pathYears) {
        // Buffered draws belong to paths of the first length; a new length would skip them.
        throw new RangeError(`every path of a run has ${pathYears} years, got ${years}`);
      }
      const factorStride = DRAW_BLOCK_PATHS * years;
      if (member === blockPaths) {
        blockPaths = Math.max(1, Math.min(DRAW_BLOCK_PATHS, options.simulations - drawnPaths));
        // One stream at a time: its draws for the block's paths, path after path.
        for (let k = 0; k < size; k++) {
          streams[k]!.fillNormals(normals, k * factorStride, blockPaths * years);
        }
        drawnPaths += blockPaths;
        member = 0;
      }
      const pathOffset = member * years;
      member++;
      if (twoAssets) {
        for (let year = 0; year < years; year++) {
          const first = normals[pathOffset + year]!;
          const second = normals[factorStride + pathOffset + year]!;
          realGrowth[year] =
            weight0 * Math.exp(logMean0 + loading00 * first) +
            weight1 * Math.exp(logMean1 + loading10 * first + loading11 * second);
        }
        inflation.fill(Number.NaN);
        return;
      }
      // Class by class over all years (each year's sum still adds its terms and classes in
      // the same order), so every inner loop is a plain pass over contiguous years.
      realGrowth.fill(0);
      for (let i = 0; i < count; i++) {
        addClassGrowth(
          realGrowth,
          normals,
          factorStride,
          pathOffset,
          weights[i]!,
          logMeans[i]!,
          termStart[i]!,
          termStart[i + 1]!,
        );
      }
      if (!drawInflation) {
        inflation.fill(Number.NaN);
        return;
      }
      addInflation(realGrowth, inflation, normals, factorStride, pathOffset);
    },
  };
}
