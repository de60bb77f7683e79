import {
  cashRealMoments,
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  portfolioMoments,
  type SimulatedAssetClass,
} from './capital-market-assumptions.ts';
import type { SimulationOptions } from './types.ts';

/** The returns side of a run's assumptions, for the JSON and the text output alike. */
export interface ReturnAssumptionsDescription {
  returns: string;
  inflation: string | { mean: number; volatility: number; kind: string } | { fixed: number };
  /** Nominal. */
  cashInterestRate: number;
  annualFeeRate: number;
  /** Arithmetic mean real return of the mix after fees; null where no model gives one. */
  expectedRealReturn: number | null;
  byClass: Record<string, { mean_return: number; volatility: number; source: string }> | null;
}

const round6 = (value: number) => Math.round(value * 1_000_000) / 1_000_000;

export function describeReturnAssumptions(
  options: SimulationOptions,
): ReturnAssumptionsDescription {
  const cashInterestRate = options.cashInterestRate ?? 0;
  const annualFeeRate = options.annualFeeRate ?? 0;
  const common = { cashInterestRate, annualFeeRate };
  if (options.model === 'historical' || options.model === 'bootstrap') {
    return {
      ...common,
      returns:
        "historical nominal returns of each year (S&P 500, 10-year Treasury; cash at its account rate), deflated by that year's CPI",
      inflation: 'historical CPI',
      expectedRealReturn: null,
      byClass: null,
    };
  }
  if (options.singleAsset) {
    const { meanReturn, volatility } = options.singleAsset;
    return {
      ...common,
      returns: `one asset given on the command line: NOMINAL arithmetic mean ${meanReturn}, volatility ${volatility}, deflated by fixed inflation`,
      inflation: { fixed: options.inflationRate },
      expectedRealReturn: round6(
        ((1 + meanReturn) * (1 - annualFeeRate)) / (1 + options.inflationRate) - 1,
      ),
      byClass: null,
    };
  }
  const assumptions = options.assumptions ?? DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const inflation = {
    meanReturn: options.inflationRate,
    volatility: assumptions.inflation.volatility,
  };
  const byClass: NonNullable<ReturnAssumptionsDescription['byClass']> = {};
  for (const key of Object.keys(options.allocation) as SimulatedAssetClass[]) {
    if (key === 'cash') {
      const cash = cashRealMoments(cashInterestRate, inflation);
      byClass[key] = {
        mean_return: round6(cash.meanReturn),
        volatility: round6(cash.volatility),
        source: `account interest ${cashInterestRate} (nominal) less inflation`,
      };
    } else {
      const asset = assumptions.assets[key];
      byClass[key] = {
        mean_return: round6(asset.meanReturn),
        volatility: round6(asset.volatility),
        source: assumptions.sources[key],
      };
    }
  }
  const moments = portfolioMoments(options.allocation, assumptions, {
    cashInterestRate,
    inflationMean: options.inflationRate,
    annualFeeRate,
  });
  return {
    ...common,
    returns: `REAL (after inflation) arithmetic annual means and volatilities, drawn jointly with inflation (${options.model})`,
    inflation: {
      mean: round6(options.inflationRate),
      volatility: round6(assumptions.inflation.volatility),
      kind: `random each year, drawn with the returns; ${assumptions.sources.inflation}`,
    },
    expectedRealReturn: round6(moments.expectedReturn),
    byClass,
  };
}

const pct = (fraction: number, digits = 1) => `${(fraction * 100).toFixed(digits)}%`;

/** One line for the text output: what returns are, and what fees take. */
export function returnAssumptionsLine(options: SimulationOptions): string {
  const described = describeReturnAssumptions(options);
  const fee = `fees ${pct(described.annualFeeRate, 3)} a year`;
  const expected =
    described.expectedRealReturn === null
      ? ''
      : `; expected real return ${pct(described.expectedRealReturn, 2)} a year after fees`;
  if (typeof described.inflation === 'string') {
    return `Returns: historical, deflated by each year's CPI; ${fee}${expected}`;
  }
  if ('fixed' in described.inflation) {
    return `Returns: one nominal asset, fixed inflation ${pct(described.inflation.fixed)}; ${fee}${expected}`;
  }
  return (
    `Returns: real, drawn with random inflation (mean ${pct(described.inflation.mean)}, ` +
    `sd ${pct(described.inflation.volatility)}); ${fee}${expected}`
  );
}
