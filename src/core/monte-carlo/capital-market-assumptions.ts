// Capital-market assumptions for the parametric return models (lognormal and normal).
//
// Source: equity, fixed income and cash are the arithmetic means, standard deviations and
// correlations of annual returns 1928-2025 of the S&P 500 (with dividends), the 10-year US
// Treasury bond and 3-month T-bills in Aswath Damodaran, "Historical Returns on Stocks, Bonds
// and Bills: 1928-2025" (NYU Stern, January 2026), the same data shipped in
// data/us-annual-returns-1928-2025.csv. src/store/reference/annual-returns.test.ts recomputes
// them from that file, so the constants cannot drift from the data.
//
// The shipped data has no real-estate or commodity series, so these two are proxies, not
// estimates: real estate takes equity's figures and moves with equity (listed real estate is
// part of the equity market); commodities take equity's mean and volatility, following Gorton
// and Rouwenhorst ("Facts and Fantasies about Commodity Futures", Financial Analysts Journal,
// 2006), who found fully collateralised commodity futures earned about the equity return with
// a similar Sharpe ratio and were negatively correlated with stocks and bonds; we set that
// correlation to 0 rather than quote a figure we have not checked. Every value can be
// overridden by the caller (`assumptions` in the simulation options).

export const SIMULATED_ASSET_CLASSES = [
  'equity',
  'fixed_income',
  'real_estate',
  'commodities',
  'cash',
] as const;
export type SimulatedAssetClass = (typeof SIMULATED_ASSET_CLASSES)[number];

export interface AssetReturnAssumption {
  /** Arithmetic mean of the nominal annual return, as a fraction (0.07 = 7%). */
  meanReturn: number;
  /** Standard deviation of the nominal annual return, as a fraction. */
  volatility: number;
}

export interface CapitalMarketAssumptions {
  assets: Record<SimulatedAssetClass, AssetReturnAssumption>;
  /** Symmetric correlation matrix in the order of SIMULATED_ASSET_CLASSES. */
  correlation: readonly (readonly number[])[];
  /** Where the figures come from, shown with results. */
  source: string;
}

const EQUITY: AssetReturnAssumption = { meanReturn: 0.118547, volatility: 0.194034 };

export const DEFAULT_CAPITAL_MARKET_ASSUMPTIONS: CapitalMarketAssumptions = {
  assets: {
    equity: EQUITY,
    fixed_income: { meanReturn: 0.048224, volatility: 0.079024 },
    real_estate: EQUITY,
    commodities: EQUITY,
    cash: { meanReturn: 0.034149, volatility: 0.030358 },
  },
  // Order: equity, fixed_income, real_estate, commodities, cash.
  correlation: [
    [1, 0.0183, 1, 0, -0.0214],
    [0.0183, 1, 0.0183, 0, 0.279],
    [1, 0.0183, 1, 0, -0.0214],
    [0, 0, 0, 1, 0],
    [-0.0214, 0.279, -0.0214, 0, 1],
  ],
  source:
    'Equity, fixed income and cash: annual returns 1928-2025 of the S&P 500, 10-year Treasury and T-bills ' +
    '(Aswath Damodaran, NYU Stern, January 2026). Real estate and commodities: proxies (equity figures; ' +
    'commodities uncorrelated, after Gorton and Rouwenhorst 2006).',
};

/** Expected arithmetic return and volatility of a fixed-weight (annually rebalanced) mix. */
export function portfolioMoments(
  weights: Partial<Record<SimulatedAssetClass, number>>,
  assumptions: CapitalMarketAssumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
): { expectedReturn: number; volatility: number } {
  let expectedReturn = 0;
  let variance = 0;
  SIMULATED_ASSET_CLASSES.forEach((rowClass, row) => {
    const rowWeight = weights[rowClass] ?? 0;
    const rowAsset = assumptions.assets[rowClass];
    expectedReturn += rowWeight * rowAsset.meanReturn;
    SIMULATED_ASSET_CLASSES.forEach((columnClass, column) => {
      const columnWeight = weights[columnClass] ?? 0;
      const correlation = assumptions.correlation[row]?.[column] ?? 0;
      variance +=
        rowWeight *
        columnWeight *
        rowAsset.volatility *
        assumptions.assets[columnClass].volatility *
        correlation;
    });
  });
  return { expectedReturn, volatility: Math.sqrt(Math.max(0, variance)) };
}
