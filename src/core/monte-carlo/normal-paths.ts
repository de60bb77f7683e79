import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  RETURN_FACTORS,
} from './capital-market-assumptions.ts';
import type { PathGenerator, PathNeeds } from './path-generator.ts';
import { SeededRandom } from './rng.ts';
import type { SimulationOptions } from './types.ts';

/** Inflation below −100% would make prices negative; the normal model cannot be let near it. */
const MIN_GROSS_INFLATION = 1e-6;

/**
 * `normal`: inflation and the real returns are jointly normal, so the risky part of a
 * fixed-weight mix is normal too: its mean plus its volatility times ONE draw a year, from the
 * same stream whatever the mix (common random numbers across allocations). Inflation, when
 * needed, is drawn from a second stream with the mix's estimated correlation to it. A normal
 * return has no floor, so the mix is bounded at a total loss (gross return 0).
 */
export function normalGenerator(options: SimulationOptions, needs: PathNeeds): PathGenerator {
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
