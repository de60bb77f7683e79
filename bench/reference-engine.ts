// A plain reference Monte Carlo, for the benchmark only: what one would write first, with no
// attention to speed. It gives the benchmark a yardstick measured in the same process at the
// same moment as the engine, so the engine's speed is reported as a ratio that means something
// on a busy, shared machine.
//
// It covers the benchmark's plans only: lognormal model, annual rebalancing to fixed weights,
// cash at its account rate, contributions at each year's end, then constant-dollar,
// inflation-adjusted withdrawals at each year's start. It uses the engine's random streams
// (stream k + 1 for factor k) and the same formulas in the same order, so it must reproduce the
// engine's paths exactly: the benchmark checks that, which makes the comparison like for like.
import {
  choleskyFactor,
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  logNormalParameters,
  RETURN_FACTORS,
  SeededRandom,
  type SimulationOptions,
} from '../src/core/index.ts';

export interface ReferenceResult {
  /** Wealth path by path: path p's year y at p·(years + 1) + y. */
  wealth: Float64Array;
  /** 1 where the path could not pay a withdrawal in full. */
  failed: Uint8Array;
  years: number;
}

/**
 * The factors a plan draws (every factor up to the last one used; inflation is used only for
 * cash), each with its log-return's mean and its loadings on the draws (lower-triangular, zeros
 * kept). Shared with the C reference (c-reference.ts), which is handed the same figures.
 */
export function referenceFactors(options: SimulationOptions): {
  factorCount: number;
  logMeans: number[];
  loadings: number[][];
} {
  const assumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const cholesky = choleskyFactor(assumptions.correlation);
  const size = RETURN_FACTORS.length;
  const cashWeight = options.allocation.cash ?? 0;
  let factorCount = 1;
  RETURN_FACTORS.forEach((factor, index) => {
    const used = factor === 'inflation' ? cashWeight > 0 : (options.allocation[factor] ?? 0) > 0;
    if (used) factorCount = index + 1;
  });
  const logMeans: number[] = [];
  const loadings: number[][] = [];
  for (let factor = 0; factor < factorCount; factor++) {
    const name = RETURN_FACTORS[factor]!;
    const moments =
      name === 'inflation'
        ? { meanReturn: options.inflationRate, volatility: assumptions.inflation.volatility }
        : assumptions.assets[name];
    const { logMean, logSd } = logNormalParameters(moments);
    logMeans.push(logMean);
    loadings.push(
      Array.from({ length: factorCount }, (_, k) =>
        k <= factor ? logSd * cholesky[factor * size + k]! : 0,
      ),
    );
  }
  return { factorCount, logMeans, loadings };
}

export function referenceRun(options: SimulationOptions): ReferenceResult {
  if (options.model !== 'lognormal' || options.strategy !== 'constant-dollar') {
    throw new RangeError('the reference covers lognormal, constant-dollar plans only');
  }
  if (options.withdrawalTiming !== 'start' || !options.inflationAdjusted) {
    throw new RangeError('the reference covers inflation-adjusted withdrawals at year start only');
  }
  const { factorCount, logMeans, loadings } = referenceFactors(options);
  const cashWeight = options.allocation.cash ?? 0;
  const keep = 1 - (options.annualFeeRate ?? 0);
  const inflationAt = RETURN_FACTORS.indexOf('inflation');
  const streams: SeededRandom[] = [];
  for (let k = 0; k < factorCount; k++) streams.push(new SeededRandom(options.seed, k + 1));

  const years = options.yearsToRetirement + options.retirementYears;
  const paths = options.simulations;
  const wealth = new Float64Array(paths * (years + 1));
  const failed = new Uint8Array(paths);
  const z = new Float64Array(factorCount * years);
  for (let path = 0; path < paths; path++) {
    for (let k = 0; k < factorCount; k++) {
      for (let year = 0; year < years; year++) z[k * years + year] = streams[k]!.nextNormal();
    }
    let balance = options.balanceUsd;
    let spending = 0;
    wealth[path * (years + 1)] = balance;
    for (let year = 0; year < years; year++) {
      // Gross real return of the rebalanced mix: Σ weight · exp(log-mean + Σ loading · z).
      let gross = 0;
      for (let factor = 0; factor < factorCount; factor++) {
        const name = RETURN_FACTORS[factor]!;
        if (name === 'inflation') continue;
        const weight = options.allocation[name] ?? 0;
        if (weight <= 0) continue;
        let logReturn = logMeans[factor]!;
        for (let k = 0; k < factorCount; k++)
          logReturn += loadings[factor]![k]! * z[k * years + year]!;
        gross += keep * weight * Math.exp(logReturn);
      }
      if (cashWeight > 0) {
        let logInflation = logMeans[inflationAt]!;
        for (let k = 0; k <= inflationAt; k++) {
          logInflation += loadings[inflationAt]![k]! * z[k * years + year]!;
        }
        gross +=
          (keep * cashWeight * (1 + (options.cashInterestRate ?? 0))) / Math.exp(logInflation);
      }
      if (year < options.yearsToRetirement) {
        balance = balance * gross + options.annualContributionUsd;
      } else {
        if (year === options.yearsToRetirement) {
          spending =
            options.spending.kind === 'amount'
              ? options.spending.annualUsd
              : options.spending.withdrawalRate * balance;
        }
        if (spending > balance + 1e-9 * spending) failed[path] = 1;
        balance = (balance - Math.max(0, Math.min(spending, balance))) * gross;
      }
      wealth[path * (years + 1) + year + 1] = balance;
    }
  }
  return { wealth, failed, years };
}
