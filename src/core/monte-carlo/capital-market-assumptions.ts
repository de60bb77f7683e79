// Capital-market assumptions for the parametric return models (lognormal and normal), in REAL
// terms (after inflation), with inflation itself a random variable drawn jointly with the
// returns: bonds lose in the years inflation jumps, and a nominal figure has its own CPI path.
//
// Estimated, not typed in: equity, fixed income and inflation are the arithmetic means,
// standard deviations and correlations of the real annual returns (1 + r)/(1 + cpi) − 1 and of
// CPI inflation, 1928-2025, of the S&P 500 (with dividends), the 10-year US Treasury and the
// CPI in Aswath Damodaran, "Historical Returns on Stocks, Bonds and Bills: 1928-2025" (NYU
// Stern, January 2026), shipped as data/us-annual-returns-1928-2025.csv.
// `estimateReturnMoments` does the estimation; core reads no files, so the figures are kept
// below at full precision and src/store/reference/annual-returns.test.ts fails if they differ
// from an estimate on the shipped file.
//
// The shipped data has no real-estate or commodity series; see REAL_ESTATE and COMMODITIES for
// what is assumed instead and where it comes from. Cash is not drawn at all: it earns its
// account's nominal interest rate (0% unless the account says otherwise), so its real return
// is (1 + rate)/(1 + inflation) − 1 on each path.

export const SIMULATED_ASSET_CLASSES = [
  'equity',
  'fixed_income',
  'real_estate',
  'commodities',
  'cash',
] as const;
export type SimulatedAssetClass = (typeof SIMULATED_ASSET_CLASSES)[number];

/** The classes with a random real return of their own (cash follows inflation). */
export const RISKY_ASSET_CLASSES = [
  'equity',
  'fixed_income',
  'real_estate',
  'commodities',
] as const;
export type RiskyAssetClass = (typeof RISKY_ASSET_CLASSES)[number];

/**
 * The jointly drawn variables, in the order of the correlation matrix. The classes the shipped
 * data covers come first, then inflation, then the proxies: a 60/40 mix draws two normals a
 * year, and a third only when inflation is needed (cash, nominal withdrawals).
 */
export const RETURN_FACTORS = [
  'equity',
  'fixed_income',
  'inflation',
  'real_estate',
  'commodities',
] as const;
export type ReturnFactor = (typeof RETURN_FACTORS)[number];

export interface ReturnMoments {
  /** Arithmetic mean of the annual figure, as a fraction (0.07 = 7%). */
  meanReturn: number;
  /** Standard deviation of the annual figure, as a fraction. */
  volatility: number;
}

export interface CapitalMarketAssumptions {
  /** Real (after-inflation) annual returns of each risky class. */
  assets: Record<RiskyAssetClass, ReturnMoments>;
  /** Annual CPI inflation (a nominal rate by nature). */
  inflation: ReturnMoments;
  /** Symmetric correlation matrix in the order of RETURN_FACTORS. */
  correlation: readonly (readonly number[])[];
  /** Where the figures come from, shown with results. */
  source: string;
  /** Where each variable's figures come from. */
  sources: Record<ReturnFactor, string>;
}

/** The moments the shipped data gives: inflation, real equity, real fixed income. */
export interface EstimatedMoments {
  inflation: ReturnMoments;
  equity: ReturnMoments;
  fixed_income: ReturnMoments;
  /** Correlations in the order equity, fixed income, inflation. */
  correlation: readonly (readonly number[])[];
  years: { first: number; last: number };
}

/** One year of the shipped series (a structural subset of AnnualReturnRow). */
interface YearOfReturns {
  year: number;
  sp500: number;
  tbond10: number;
  cpi: number;
}

/** Sample moments (n − 1 denominators) of the real returns and inflation of the given years. */
export function estimateReturnMoments(rows: readonly YearOfReturns[]): EstimatedMoments {
  if (rows.length < 3) throw new RangeError('at least three years are needed to estimate moments');
  const series = [
    rows.map((row) => (1 + row.sp500) / (1 + row.cpi) - 1),
    rows.map((row) => (1 + row.tbond10) / (1 + row.cpi) - 1),
    rows.map((row) => row.cpi),
  ];
  const count = rows.length;
  const means = series.map((values) => values.reduce((sum, value) => sum + value, 0) / count);
  const covariance = (a: number, b: number) =>
    series[a]!.reduce(
      (sum, value, index) => sum + (value - means[a]!) * (series[b]![index]! - means[b]!),
      0,
    ) /
    (count - 1);
  const sds = series.map((_, index) => Math.sqrt(covariance(index, index)));
  const correlation = series.map((_, a) =>
    series.map((__, b) => (a === b ? 1 : covariance(a, b) / (sds[a]! * sds[b]!))),
  );
  const moments = (index: number): ReturnMoments => ({
    meanReturn: means[index]!,
    volatility: sds[index]!,
  });
  return {
    equity: moments(0),
    fixed_income: moments(1),
    inflation: moments(2),
    correlation,
    years: { first: rows[0]!.year, last: rows.at(-1)!.year },
  };
}

/** estimateReturnMoments of data/us-annual-returns-1928-2025.csv (checked by a test). */
export const SHIPPED_DATA_MOMENTS: EstimatedMoments = {
  inflation: { meanReturn: 0.031083343877551045, volatility: 0.03895250072026812 },
  equity: { meanReturn: 0.08608526564002537, volatility: 0.19303644117881869 },
  fixed_income: { meanReturn: 0.01833594540015657, volatility: 0.08859208039753141 },
  correlation: [
    [1, 0.09094720365937982, -0.174392000690356],
    [0.09094720365937982, 1, -0.5169162113809123],
    [-0.174392000690356, -0.5169162113809123, 1],
  ],
  years: { first: 1928, last: 2025 },
};

/**
 * Real estate (listed REITs, which is what portfolios hold): a proxy, labelled as one. REITs
 * are stocks, so the class takes equity's real mean and volatility, and it moves with equity
 * with a correlation of 0.59: the correlation of 12-month returns of the FTSE Nareit All REITs
 * index and the S&P 500, 1971 to June 2016, as computed from Nareit's published index by
 * econreviews.org ("Comparison between REITS (ALL) and S&P 500 as of June 2016"), a secondary
 * source. The rest of a REIT's return is taken as independent of everything else, so its
 * correlation with bonds and inflation is 0.59 times equity's. The same source measured REITs
 * as more volatile than the S&P 500 (12-month standard deviations of 20.2% and 16.4%), so
 * equity's volatility understates REIT risk if anything.
 */
const REAL_ESTATE_EQUITY_CORRELATION = 0.59;

/**
 * Commodities (gold and commodity funds): a zero long-run real return, compounded. Erb and
 * Harvey ("The Golden Dilemma", Financial Analysts Journal 69(4), 2013) describe gold as a
 * "golden constant" with a long-run real return of zero, and show that its real price is not
 * driven by realised inflation over 1- to 20-year horizons. The volatility is equity's: Gorton
 * and Rouwenhorst ("Facts and Fantasies about Commodity Futures", Financial Analysts Journal
 * 62(2), 2006) found fully collateralised commodity futures had about equity's return and
 * Sharpe ratio, hence about its risk. They found commodities negatively correlated with stocks
 * and bonds and positively with inflation; we have not checked their magnitudes, so the
 * correlations are 0. Broad commodity futures earned more than zero in their 1959-2004 sample;
 * zero is the cautious figure for a class that most portfolios hold as gold.
 */
function commoditiesMoments(volatility: number): ReturnMoments {
  // A lognormal gross return with median 1 (zero compound real return) has arithmetic mean
  // 1 + μ with (1 + μ)² = (1 + √(1 + 4σ²))/2, from s² = ln(1 + σ²/(1 + μ)²) and m = 0.
  const grossMean = Math.sqrt((1 + Math.sqrt(1 + 4 * volatility ** 2)) / 2);
  return { meanReturn: grossMean - 1, volatility };
}

/** The full assumptions from the estimated moments plus the sourced proxies. */
export function assumptionsFromMoments(moments: EstimatedMoments): CapitalMarketAssumptions {
  const rho = moments.correlation;
  const reit = REAL_ESTATE_EQUITY_CORRELATION;
  // Order: equity, fixed_income, inflation, real_estate, commodities. Real estate is
  // reit·equity + √(1 − reit²)·(its own independent part).
  const correlation = [
    [1, rho[0]![1]!, rho[0]![2]!, reit, 0],
    [rho[1]![0]!, 1, rho[1]![2]!, reit * rho[1]![0]!, 0],
    [rho[2]![0]!, rho[2]![1]!, 1, reit * rho[2]![0]!, 0],
    [reit, reit * rho[0]![1]!, reit * rho[0]![2]!, 1, 0],
    [0, 0, 0, 0, 1],
  ];
  const { first, last } = moments.years;
  const data = `Damodaran (NYU Stern, January 2026), ${first}-${last}`;
  return {
    assets: {
      equity: moments.equity,
      fixed_income: moments.fixed_income,
      real_estate: moments.equity,
      commodities: commoditiesMoments(moments.equity.volatility),
    },
    inflation: moments.inflation,
    correlation,
    source:
      `Real returns and CPI inflation estimated from annual data ${first}-${last} (S&P 500, 10-year ` +
      `Treasury, CPI; Aswath Damodaran, NYU Stern, January 2026). Real estate: a proxy (equity's ` +
      `real return and volatility, correlation 0.59 with equity, FTSE Nareit All REITs 1971-2016). ` +
      `Commodities: zero long-run real return (Erb and Harvey 2013) with equity's volatility. ` +
      `Cash: its account's interest rate.`,
    sources: {
      inflation: `CPI inflation, ${data}`,
      equity: `S&P 500 total return deflated by CPI, ${data}`,
      fixed_income: `10-year US Treasury total return deflated by CPI, ${data}`,
      real_estate:
        "proxy: equity's real mean and volatility; correlation 0.59 with equity (FTSE Nareit All REITs " +
        'vs S&P 500, 12-month returns 1971-2016, econreviews.org from Nareit data)',
      commodities:
        'zero compound real return (Erb and Harvey, "The Golden Dilemma", 2013); volatility: equity\'s ' +
        '(Gorton and Rouwenhorst 2006: commodity futures had equity-like return and Sharpe ratio); ' +
        'correlations 0',
    },
  };
}

/** The assumptions estimated from any years of the shipped series. */
export function estimateCapitalMarketAssumptions(
  rows: readonly YearOfReturns[],
): CapitalMarketAssumptions {
  return assumptionsFromMoments(estimateReturnMoments(rows));
}

export const DEFAULT_CAPITAL_MARKET_ASSUMPTIONS: CapitalMarketAssumptions =
  assumptionsFromMoments(SHIPPED_DATA_MOMENTS);

/** Inputs of a portfolio's return that are not capital-market assumptions. */
export interface PortfolioReturnInputs {
  /** Nominal interest the cash earns (fraction); 0 when the account pays none. */
  cashInterestRate?: number;
  /** Mean of the inflation process (fraction); the assumptions' own mean when not given. */
  inflationMean?: number;
  /** Weighted expense ratio (fraction), taken from the return every year. */
  annualFeeRate?: number;
}

/**
 * Log-normal parameters of a gross factor 1 + X with arithmetic mean μ and deviation σ:
 * s² = ln(1 + σ²/(1 + μ)²), m = ln(1 + μ) − s²/2 (the moments of geometric Brownian motion).
 */
export function logNormalParameters(moments: ReturnMoments): { logMean: number; logSd: number } {
  const gross = 1 + moments.meanReturn;
  const logVariance = Math.log(1 + (moments.volatility / gross) ** 2);
  return { logMean: Math.log(gross) - logVariance / 2, logSd: Math.sqrt(logVariance) };
}

/**
 * Mean and deviation of cash's real return (1 + rate)/I − 1 when the gross inflation I is
 * log-normal: E[1/I] = exp(−m + s²/2), Var[1/I] = exp(−2m + s²)(exp(s²) − 1).
 */
export function cashRealMoments(cashInterestRate: number, inflation: ReturnMoments): ReturnMoments {
  const { logMean, logSd } = logNormalParameters(inflation);
  const variance = logSd ** 2;
  const inverseMean = Math.exp(-logMean + variance / 2);
  const inverseSd = Math.sqrt(Math.exp(-2 * logMean + variance) * Math.expm1(variance));
  return {
    meanReturn: (1 + cashInterestRate) * inverseMean - 1,
    volatility: (1 + cashInterestRate) * inverseSd,
  };
}

/**
 * Expected real (after-inflation) arithmetic return and volatility of a fixed-weight, annually
 * rebalanced mix, after fees. Cash earns its account rate, so its real return falls with
 * inflation: it is given minus inflation's correlations (exact in the mean and deviation,
 * first-order in the correlations). The report and the retirement simulation both use this.
 */
export function portfolioMoments(
  weights: Partial<Record<SimulatedAssetClass, number>>,
  assumptions: CapitalMarketAssumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  inputs: PortfolioReturnInputs = {},
): { expectedReturn: number; volatility: number } {
  const inflation = {
    meanReturn: inputs.inflationMean ?? assumptions.inflation.meanReturn,
    volatility: assumptions.inflation.volatility,
  };
  const cash = cashRealMoments(inputs.cashInterestRate ?? 0, inflation);
  // Weights and deviations per factor; cash rides on the inflation factor with a minus sign.
  const loads = RETURN_FACTORS.map((factor) =>
    factor === 'inflation'
      ? -(weights.cash ?? 0) * cash.volatility
      : (weights[factor] ?? 0) * assumptions.assets[factor].volatility,
  );
  let expectedReturn = (weights.cash ?? 0) * cash.meanReturn;
  for (const assetClass of RISKY_ASSET_CLASSES) {
    expectedReturn += (weights[assetClass] ?? 0) * assumptions.assets[assetClass].meanReturn;
  }
  let variance = 0;
  loads.forEach((rowLoad, row) => {
    loads.forEach((columnLoad, column) => {
      variance += rowLoad * columnLoad * (assumptions.correlation[row]?.[column] ?? 0);
    });
  });
  const keep = 1 - (inputs.annualFeeRate ?? 0);
  return {
    expectedReturn: (1 + expectedReturn) * keep - 1,
    volatility: Math.sqrt(Math.max(0, variance)) * keep,
  };
}

/** The portfolio's expected real return after fees (fraction): one figure for every caller. */
export function expectedRealReturn(
  weights: Partial<Record<SimulatedAssetClass, number>>,
  inputs: PortfolioReturnInputs = {},
  assumptions: CapitalMarketAssumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
): number {
  return portfolioMoments(weights, assumptions, inputs).expectedReturn;
}
