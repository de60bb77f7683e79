import {
  centsToUsd,
  PLAN_TO_SURVIVAL_PROBABILITY,
  usdToCents,
  type AllowedFact,
} from '../../core/index.ts';
import type { FieldIssue } from '../../errors.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import type { RetirementOutlook } from './schema.ts';

/** What a year one standard deviation below the expected return would look like. */
export interface BadYearIllustration {
  /** Expected return minus volatility (percent; negative is a loss). */
  returnPct: number;
  /** That return applied to today's value, in dollars (negative is a loss). */
  changeUsd: number;
}

export function badYearIllustration(snapshot: PortfolioSnapshot): BadYearIllustration {
  const { expected, total } = snapshot.analytics;
  const returnPct = Math.round((expected.returnPct - expected.volatilityPct) * 100) / 100;
  return { returnPct, changeUsd: roundCents(total.valueUsd * (returnPct / 100)) };
}

/**
 * Every number a report may quote: the analytics' facts, the profile, the figures computed
 * here and by the findings, the thresholds the recommendations cite, and the retirement
 * projection's readiness figures (or the reason it could not be made).
 */
export function allowedFacts(
  snapshot: PortfolioSnapshot,
  computed: {
    badYear: BadYearIllustration;
    findingFacts: AllowedFact[];
    thresholdsPct: number[];
  },
  outlook?: RetirementOutlook,
  horizonIssue?: FieldIssue,
): AllowedFact[] {
  const { analytics, user, portfolio } = snapshot;
  const usd = (value: number): AllowedFact => ({ value, unit: 'usd' });
  const pct = (value: number): AllowedFact => ({ value, unit: 'pct' });
  const { badYear } = computed;
  const facts: AllowedFact[] = [
    ...analytics.facts.map((fact) => ({ value: fact.value, unit: fact.unit })),
    pct(Math.round((100 - analytics.cashDrag.cashPct) * 100) / 100),
    usd(user.targetRetirementIncomeUsd),
    usd(user.annualContributionUsd),
    pct(badYear.returnPct),
    usd(Math.abs(badYear.changeUsd)),
    ...computed.findingFacts,
    ...computed.thresholdsPct.map(pct),
  ];
  // listFacts leaves out the share of holdings with a known expense ratio; reports quote it.
  if (analytics.fees) facts.push(pct(analytics.fees.coveredPct));
  for (const position of analytics.positions) {
    const ratio = portfolio.instruments[position.symbol]?.expenseRatioPct;
    if (typeof ratio === 'number') facts.push(pct(ratio));
  }
  if (outlook) {
    facts.push(
      pct(outlook.successProbabilityPct),
      pct(outlook.onTrackSuccessPct),
      usd(outlook.targetSpendingUsd),
      usd(outlook.sustainableSpendingUsd),
      usd(outlook.spendingShortfallUsd),
      usd(outlook.medianAtRetirementUsd),
    );
    for (const stream of outlook.incomeStreams) facts.push(usd(stream.annualUsd));
    if (outlook.taxes) facts.push(pct(outlook.taxes.taxDeferredRatePct));
    // The "± x points" the report states beside the success rate.
    if (outlook.successMarginPoints !== null) facts.push(pct(outlook.successMarginPoints));
    if (outlook.longevity) {
      facts.push(
        pct(outlook.longevity.survivalToPlanEndPct),
        pct(outlook.longevity.ruinWhileAlivePct),
      );
    }
  }
  // The report quotes why there is no projection, which names the life table's survival level.
  if (horizonIssue) facts.push(pct(PLAN_TO_SURVIVAL_PROBABILITY * 100));
  return facts;
}

function roundCents(valueUsd: number): number {
  return centsToUsd(usdToCents(valueUsd));
}
