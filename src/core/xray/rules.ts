import { XRAY_RULE_IDS, XRAY_RULE_LIMITS, type XrayRuleId } from '../../contracts/xray.ts';
import { labelFor } from '../charts/datasets.ts';
import type { PortfolioAnalytics, PortfolioInput } from '../portfolio/types.ts';
import type { LookThrough } from './look-through.ts';
import type { CurrencyBucket, XrayRuleResult, XrayThresholdSource } from './types.ts';

export interface RuleInputs {
  input: PortfolioInput;
  analytics: PortfolioAnalytics;
  lookThrough: LookThrough;
  currencies: CurrencyBucket[];
  /**
   * The spending the emergency fund is measured in: the user's wanted yearly retirement income
   * (today's dollars), the only spending figure Alex has; null or 0 when it is not set.
   */
  annualSpendingUsd: number | null;
}

export type ResolvedThresholds = Record<XrayRuleId, { value: number; from: XrayThresholdSource }>;

type Measured = { value: number; why: string } | { value: null; why: string };

const TITLES: Record<XrayRuleId, string> = {
  emergency_fund: 'Emergency fund',
  fee_ratio: 'Fee ratio',
  single_company: 'Single-company concentration',
  account_concentration: 'Account concentration',
  currency_concentration: 'Currency concentration',
  home_bias: 'Home bias',
  target_drift: 'Drift from targets',
};

/** Every rule, in the contract's order, judged against its threshold; unknown inputs are never a pass. */
export function evaluateRules(
  inputs: RuleInputs,
  thresholds: ResolvedThresholds,
): XrayRuleResult[] {
  return XRAY_RULE_IDS.map((id) => {
    const limits = XRAY_RULE_LIMITS[id];
    const threshold = thresholds[id];
    const measured = MEASURE[id](inputs);
    const base = {
      id,
      title: TITLES[id],
      threshold: threshold.value,
      thresholdFrom: threshold.from,
      comparison: limits.comparison,
      unit: limits.unit,
    };
    if (measured.value === null) {
      return { ...base, value: null, status: 'not_evaluated' as const, why: measured.why };
    }
    const passed =
      limits.comparison === 'at_least'
        ? measured.value >= threshold.value
        : measured.value <= threshold.value;
    return {
      ...base,
      value: measured.value,
      status: passed ? ('passed' as const) : ('failed' as const),
      why: measured.why,
    };
  });
}

const round2 = (value: number) => Math.round(value * 100) / 100;

const MEASURE: Record<XrayRuleId, (inputs: RuleInputs) => Measured> = {
  emergency_fund: ({ input, annualSpendingUsd }) => {
    if (!annualSpendingUsd || annualSpendingUsd <= 0) {
      return {
        value: null,
        why: 'No spending figure is set (the target retirement income), so months of cash cannot be counted.',
      };
    }
    // Only cash in taxable accounts counts: cash inside a 401(k) or IRA cannot be spent early
    // without tax and, before 59½, usually a penalty.
    const cashCents = input.accounts
      .filter((account) => account.type === 'taxable')
      .reduce((sum, account) => sum + account.cashCents, 0);
    const months = round2(cashCents / 100 / (annualSpendingUsd / 12));
    return {
      value: months,
      why: 'Cash in taxable accounts, in months of the target retirement income (the only spending figure Alex has), is what covers a job loss or a large bill without selling investments at a bad time.',
    };
  },
  fee_ratio: ({ analytics }) =>
    analytics.fees === null
      ? {
          value: null,
          why: 'No holding has a known expense ratio, so the weighted fee cannot be computed.',
        }
      : {
          value: analytics.fees.weightedExpenseRatioPct,
          why: `Fees are charged every year whatever the markets do; this is the value-weighted expense ratio of the holdings whose ratio is known (${analytics.fees.coveredPct}% of the invested money).`,
        },
  single_company: ({ lookThrough }) => {
    const largest = lookThrough.companies[0];
    if (!largest) {
      return {
        value: null,
        why: 'No company exposure is known: there are no stocks and no fund with shipped holdings.',
      };
    }
    const unknown =
      lookThrough.notLookedThrough.length > 0 ? ', and some funds have no shipped holdings' : '';
    return {
      value: largest.pct,
      why: `One company's trouble should not sink the plan; ${largest.name} is the largest known exposure, a lower bound because only funds' top holdings are known${unknown}.`,
    };
  },
  account_concentration: ({ analytics }) => {
    const largest = [...analytics.accounts].sort((left, right) => right.pct - left.pct)[0];
    if (!largest || analytics.total.valueCents <= 0) {
      return { value: null, why: 'There is no account with value to compare.' };
    }
    return {
      value: largest.pct,
      why: `With most of the money in one account (${largest.name}), one provider's error, outage or rule change reaches most of it.`,
    };
  },
  currency_concentration: ({ currencies, analytics }) => {
    const usd = currencies.find((bucket) => bucket.currency === 'USD');
    if (analytics.total.valueCents <= 0) {
      return { value: null, why: 'The portfolio has no value to measure.' };
    }
    return {
      value: usd?.pct ?? 0,
      why: 'Money that is all in one currency moves with that currency; this is the share known to be in US dollars (cash and US-only holdings), and regions of mixed funds are not counted as any one currency.',
    };
  },
  home_bias: ({ analytics }) =>
    analytics.homeBias === null
      ? { value: null, why: 'There are no stocks, so there is no home bias to measure.' }
      : {
          value: analytics.homeBias.northAmericaPct,
          why: 'Stocks concentrated in one country depend on one economy; this is the share of the stock money in North America.',
        },
  target_drift: ({ analytics, input }) => {
    // Cash with no target of its own is not drift (the report's findings treat it the same way):
    // the emergency-fund rule speaks about cash.
    const entries = [
      ...analytics.drift.assetClass.filter(
        (entry) => entry.key !== 'cash' || input.targets?.assetClass?.cash !== undefined,
      ),
      ...analytics.drift.region,
    ];
    if (entries.length === 0) {
      return {
        value: null,
        why: 'No asset-class or region targets are set, so there is nothing to drift from.',
      };
    }
    const worst = entries.reduce((left, right) =>
      Math.abs(right.driftPct) > Math.abs(left.driftPct) ? right : left,
    );
    return {
      value: round2(Math.abs(worst.driftPct)),
      why: `A mix that has wandered from its targets carries a different risk than the one chosen; the largest gap is ${labelFor(worst.key)} (target ${worst.targetPct}%, actual ${worst.actualPct}%).`,
    };
  },
};
