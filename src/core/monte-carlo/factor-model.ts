import {
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  RETURN_FACTORS,
} from './capital-market-assumptions.ts';
import { choleskyFactor } from './cholesky.ts';
import type { PathNeeds } from './path-generator.ts';
import { SeededRandom } from './rng.ts';
import type { SimulationOptions } from './types.ts';

/** Position of inflation among the drawn factors. */
export const INFLATION_FACTOR = RETURN_FACTORS.indexOf('inflation');

/**
 * The draws shared by every allocation: factor k (in the order of RETURN_FACTORS) has its own
 * random stream, drawn for every path and year whenever it or a later factor is needed. So two
 * runs on one seed see the same equity, bond and inflation draws whatever else they hold
 * (common random numbers: a lever that adds or drops a class changes the plan, not the luck).
 */
export interface FactorModel {
  streams: SeededRandom[];
  /** Lower-triangular Cholesky rows of the drawn factors, `factorCount` wide. */
  cholesky: Float64Array;
  factorCount: number;
  /** Risky classes held, as factor indexes. */
  held: number[];
  /** Whether each year's inflation is computed. */
  inflation: boolean;
}

export function factorModel(options: SimulationOptions, needs: PathNeeds): FactorModel {
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

/** The non-zero entries of each row, in column order, as flat arrays. */
export function sparseTerms(rows: readonly Float64Array[]): {
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
