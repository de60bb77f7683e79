import type { XrayRuleId } from '../../contracts/xray.ts';

/** A fund's published top holdings (data/fund-holdings.json), with where and when they were read. */
export interface FundHoldings {
  /** The day the issuer's figures describe, `YYYY-MM-DD`. */
  asOf: string;
  source: string;
  holdings: Array<{
    name: string;
    /** The stock's ticker when Alex knows it as an instrument, so direct shares combine with it. */
    symbol: string | null;
    kind: 'company' | 'fund';
    /** Percent of the fund's total net assets. */
    weightPct: number;
  }>;
}

/** One company's share of the whole portfolio, by the holdings it comes through. */
export interface CompanyExposure {
  name: string;
  symbol: string | null;
  valueCents: number;
  pct: number;
  through: Array<{ via: string; valueCents: number; pct: number }>;
}

export interface FundOverlap {
  funds: [string, string];
  sharedWeightPct: number;
  companies: string[];
}

export interface CurrencyBucket {
  key: string;
  label: string;
  currency: string | null;
  valueCents: number;
  pct: number;
}

export type XrayThresholdSource = 'default' | 'profile' | 'request';

export interface XrayRuleResult {
  id: XrayRuleId;
  title: string;
  threshold: number;
  thresholdFrom: XrayThresholdSource;
  comparison: 'at_least' | 'at_most';
  unit: 'months' | 'pct' | 'points';
  value: number | null;
  status: 'passed' | 'failed' | 'not_evaluated';
  why: string;
}
