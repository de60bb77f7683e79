import {
  XRAY_RULE_IDS,
  XRAY_RULE_LIMITS,
  type XrayResponse,
  type XrayThresholds,
} from '../../contracts/xray.ts';
import { centsToUsd } from '../money.ts';
import type { PortfolioAnalytics, PortfolioInput } from '../portfolio/types.ts';
import { currencyExposure } from './currency-exposure.ts';
import { lookThrough, type LookThrough } from './look-through.ts';
import { evaluateRules, type ResolvedThresholds } from './rules.ts';
import type { CurrencyBucket, XrayRuleResult } from './types.ts';

export interface Xray {
  totalCents: number;
  rules: XrayRuleResult[];
  lookThrough: LookThrough;
  currencies: CurrencyBucket[];
  notes: string[];
}

/**
 * The portfolio X-ray: look-through, currency exposure and the rules, computed once for the CLI,
 * the API and the report. Thresholds: the request's, else the profile's, else the defaults.
 */
export function xrayPortfolio(options: {
  input: PortfolioInput;
  analytics: PortfolioAnalytics;
  annualSpendingUsd: number | null;
  profileThresholds?: XrayThresholds;
  requestThresholds?: XrayThresholds;
}): Xray {
  const { input, analytics } = options;
  const through = lookThrough(input, analytics);
  const currencies = currencyExposure(input, analytics);
  const rules = evaluateRules(
    {
      input,
      analytics,
      lookThrough: through,
      currencies,
      annualSpendingUsd: options.annualSpendingUsd,
    },
    resolveThresholds(options.profileThresholds, options.requestThresholds),
  );
  return {
    totalCents: analytics.total.valueCents,
    rules,
    lookThrough: through,
    currencies,
    notes: notesOf(through, analytics),
  };
}

export function resolveThresholds(
  profile: XrayThresholds = {},
  request: XrayThresholds = {},
): ResolvedThresholds {
  return Object.fromEntries(
    XRAY_RULE_IDS.map((id) => {
      const fromRequest = request[id];
      const fromProfile = profile[id];
      if (fromRequest !== undefined) return [id, { value: fromRequest, from: 'request' }];
      if (fromProfile !== undefined) return [id, { value: fromProfile, from: 'profile' }];
      return [id, { value: XRAY_RULE_LIMITS[id].defaultThreshold, from: 'default' }];
    }),
  ) as ResolvedThresholds;
}

function notesOf(through: LookThrough, analytics: PortfolioAnalytics): string[] {
  const notes = [
    'Percentages are of the whole portfolio, cash included, at the last stored prices (nominal dollars today).',
    'Company exposures are lower bounds: funds are looked through only to the top holdings their issuers publish, as of the date given.',
  ];
  if (through.lookedThrough.length > 0) {
    notes.push(
      `Looked through: ${through.lookedThrough
        .map((fund) => `${fund.symbol} (top holdings as of ${fund.asOf})`)
        .join(', ')}.`,
    );
  }
  if (through.lookedThrough.length === 0) {
    notes.push('No held fund has shipped holdings: company exposure counts direct shares only.');
  }
  if (through.notLookedThrough.length > 0) {
    notes.push(
      `Not looked through (no shipped holdings): ${through.notLookedThrough
        .map((fund) => `${fund.symbol} (${fund.pct}%)`)
        .join(', ')}.`,
    );
  }
  if (analytics.unpriced.length > 0) {
    notes.push(
      `Left out, no price: ${analytics.unpriced.map((position) => position.symbol).join(', ')}.`,
    );
  }
  return notes;
}

/** The wire shape (snake_case) that `alex xray --json` prints and `GET /api/xray` returns. */
export function toXrayJson(xray: Xray): XrayResponse {
  const usd = (cents: number) => centsToUsd(cents);
  return {
    total_usd: usd(xray.totalCents),
    rules: xray.rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      threshold: rule.threshold,
      threshold_from: rule.thresholdFrom,
      comparison: rule.comparison,
      unit: rule.unit,
      value: rule.value,
      status: rule.status,
      passed: rule.status === 'not_evaluated' ? null : rule.status === 'passed',
      why: rule.why,
    })),
    exposures: {
      companies: xray.lookThrough.companies.map((company) => ({
        name: company.name,
        symbol: company.symbol,
        pct: company.pct,
        value_usd: usd(company.valueCents),
        through: company.through.map((part) => ({
          via: part.via,
          pct: part.pct,
          value_usd: usd(part.valueCents),
        })),
        lower_bound:
          xray.lookThrough.lookedThrough.length > 0 || xray.lookThrough.notLookedThrough.length > 0,
      })),
      overlap: xray.lookThrough.overlap.map((overlap) => ({
        funds: overlap.funds,
        shared_weight_pct: overlap.sharedWeightPct,
        companies: overlap.companies,
      })),
      currencies: xray.currencies.map((bucket) => ({
        key: bucket.key,
        label: bucket.label,
        currency: bucket.currency,
        value_usd: usd(bucket.valueCents),
        pct: bucket.pct,
      })),
      looked_through: xray.lookThrough.lookedThrough.map((fund) => ({
        symbol: fund.symbol,
        pct: fund.pct,
        holdings_as_of: fund.asOf,
        holdings_source: fund.source,
        covered_weight_pct: fund.coveredWeightPct,
      })),
      not_looked_through: xray.lookThrough.notLookedThrough.map((fund) => ({
        symbol: fund.symbol,
        pct: fund.pct,
        value_usd: usd(fund.valueCents),
      })),
    },
    notes: xray.notes,
  };
}
