import { logNormalParameters } from './capital-market-assumptions.ts';
import type { PathGenerator } from './path-generator.ts';
import { SeededRandom } from './rng.ts';
import type { SimulationOptions } from './types.ts';

/**
 * One asset given by its NOMINAL arithmetic mean and volatility (`--return-mean`), with a
 * fixed inflation rate: the textbook setting, kept so results can be checked against closed
 * forms. Lognormal or normal (bounded at a total loss) as the model says.
 */
export function singleAssetGenerator(
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
