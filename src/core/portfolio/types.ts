import type { AssetClass, Region, Sector } from '../../contracts/allocation.ts';
import type { FundHoldings } from '../xray/types.ts';

export type AccountType = 'taxable' | 'tax_deferred' | 'tax_free';

/** What the store layer builds from the database (numeric columns already converted). */
export interface PortfolioInput {
  accounts: Array<{
    id: string;
    name: string;
    type: AccountType;
    cashCents: number;
    cashInterestPct?: number;
    positions: Array<{ symbol: string; quantity: number }>;
  }>;
  instruments: Record<
    string,
    {
      symbol: string;
      name: string;
      instrumentType: string;
      priceUsd: number | null;
      priceSource: string | null;
      priceAsOf: string | null;
      assetClass: Partial<Record<AssetClass, number>>;
      regions: Partial<Record<Region, number>>;
      sectors: Partial<Record<Sector, number>>;
      expenseRatioPct?: number | null;
      /** A fund's published top holdings, for the X-ray's look-through; absent when none are shipped. */
      holdings?: FundHoldings | null;
    }
  >;
  targets?: {
    assetClass?: Partial<Record<AssetClass, number>>;
    region?: Partial<Record<Region, number>>;
  };
}

/** A dollar amount in exact cents, with the same amount in dollars for convenience. */
export interface Money {
  valueCents: number;
  valueUsd: number;
}

/** One slice of an allocation: a key, its exact value and its share (percent, slices sum to 100). */
export interface AllocationSlice<Key extends string = string> extends Money {
  key: Key;
  pct: number;
}

export interface PricedPosition extends Money {
  accountId: string;
  accountName: string;
  symbol: string;
  name: string;
  quantity: number;
  priceUsd: number;
  priceSource: string | null;
  priceAsOf: string | null;
  /** Share of the total portfolio (percent). */
  pct: number;
}

export interface UnpricedPosition {
  accountId: string;
  symbol: string;
  quantity: number;
  reason: 'no_price' | 'unknown_instrument';
}

export interface NormalisedAllocation {
  symbol: string;
  group: 'assetClass' | 'regions' | 'sectors';
  /** What the map summed to before it was scaled to 100 (0 means it was empty). */
  originalSumPct: number;
}

export interface DriftEntry {
  key: string;
  targetPct: number;
  actualPct: number;
  /** Actual minus target, in percentage points. */
  driftPct: number;
  /** Dollars to buy (positive) or sell (negative) to reach the target. */
  rebalanceUsd: number;
}

export interface Fact {
  /** What the number is, e.g. `allocation.asset_class.equity.pct`. */
  label: string;
  value: number;
  unit: 'usd' | 'pct';
}

export interface PortfolioAnalytics {
  total: Money;
  invested: Money;
  cash: Money;
  positions: PricedPosition[];
  accounts: Array<AllocationSlice & { name: string; type: AccountType }>;
  accountTypes: AllocationSlice<AccountType>[];
  allocation: {
    /** Over the whole portfolio, cash included as `cash`. */
    assetClass: AllocationSlice<AssetClass | 'unclassified'>[];
    /** Over invested (priced) positions; cash has no region. */
    region: AllocationSlice<Region | 'unclassified'>[];
    /** Over invested (priced) positions; cash has no sector. */
    sector: AllocationSlice<Sector | 'unclassified'>[];
  };
  unpriced: UnpricedPosition[];
  normalised: NormalisedAllocation[];
  topHoldings: AllocationSlice[];
  concentration: {
    largestHolding: { symbol: string; pct: number } | null;
    /** Σ share² over holdings aggregated by symbol (0-1); 1 is a single holding. */
    herfindahlIndex: number;
    /** 1 / Herfindahl: the number of equal holdings with the same concentration. */
    effectiveHoldings: number;
  };
  /**
   * Asset classes over the whole portfolio; regions over the stock holdings, with dollar
   * amounts at the stock share the equity target sets (so the two sets of amounts agree).
   */
  drift: { assetClass: DriftEntry[]; region: DriftEntry[] };
  /**
   * Value of holdings with no classification in each group (e.g. a symbol the offline Tagger
   * could not classify): left out of the allocation percentages, drift and expected return.
   */
  unclassified: { assetClass: Money; region: Money; sector: Money };
  homeBias: { equity: Money; northAmericaPct: number; outsideNorthAmericaPct: number } | null;
  cashDrag: {
    cashPct: number;
    /** Nominal interest the account cash earns. */
    weightedCashInterestPct: number;
    /** Real (after-inflation) expected arithmetic return of the invested mix. */
    expectedInvestedReturnPct: number;
    /** Expected yearly return forgone by holding cash instead of the invested mix. */
    annualDragUsd: number;
  };
  /** Real (after-inflation) expected arithmetic return and volatility, cash at its rate. */
  expected: { returnPct: number; volatilityPct: number; source: string; notes: string[] };
  fees: { weightedExpenseRatioPct: number; annualFeesUsd: number; coveredPct: number } | null;
  facts: Fact[];
}
