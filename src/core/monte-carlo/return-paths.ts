// Picks the return model a simulation asks for. Each model lives in its own module; this one
// only dispatches (and re-exports what callers of the engine's return side use).
import { bootstrapGenerator, historicalGenerator } from './historical-paths.ts';
import { lognormalGenerator } from './lognormal-paths.ts';
import { normalGenerator } from './normal-paths.ts';
import type { PathGenerator, PathNeeds } from './path-generator.ts';
import { singleAssetGenerator } from './single-asset-paths.ts';
import type { SimulationOptions } from './types.ts';

export { choleskyFactor } from './cholesky.ts';
export { DEFAULT_BOOTSTRAP_BLOCK_YEARS } from './historical-paths.ts';
export type { PathGenerator, PathNeeds } from './path-generator.ts';

/** The generator of the model `options.model` names, for paths of `years` years. */
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

function createParametric(options: SimulationOptions, needs: PathNeeds): PathGenerator {
  if (options.singleAsset) return singleAssetGenerator(options, options.singleAsset);
  return options.model === 'normal'
    ? normalGenerator(options, needs)
    : lognormalGenerator(options, needs);
}
