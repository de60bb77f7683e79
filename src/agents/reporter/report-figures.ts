import { centsToUsd, percentOf, usdToCents, type AllowedFact } from '../../core/index.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import type { RetirementOutlook } from './schema.ts';

// The 4% rule (Bengen, "Determining Withdrawal Rates Using Historical Data", Journal of
// Financial Planning, 1994): an inflation-adjusted withdrawal of 4% of the starting balance
// lasted at least 30 years in every historical US period he tested. Capital needed is then
// 25 times the yearly income. A rough yardstick only; the retirement agent's Monte Carlo is
// the real projection.
export const RULE_OF_THUMB_WITHDRAWAL_PCT = 4;

/** A quick, deterministic readiness check: 4%-rule capital vs a projection at the expected return. */
export interface ReadinessIndicator {
  targetIncomeUsd: number;
  /** Target income ÷ the 4% withdrawal rate. */
  capitalNeededUsd: number;
  currentValueUsd: number;
  annualContributionUsd: number;
  /** Contributions added over the years to retirement. */
  totalContributionsUsd: number;
  yearsUntilRetirement: number;
  /** Current age plus years to retirement, when the age is known. */
  retirementAge: number | null;
  /** The portfolio's expected yearly return (analytics.expected), nominal. */
  assumedReturnPct: number;
  projectedValueUsd: number;
  /** Projected value as a share of the capital needed; null when no target income is set. */
  coveragePct: number | null;
  /** Capital needed minus projected value: positive is a shortfall, negative a surplus. */
  shortfallUsd: number;
}

/**
 * Future value of today's portfolio plus a level contribution at each year end, compounding at
 * the expected return: V(1+r)^n + C((1+r)^n − 1)/r. Nominal and before fees and taxes, which is
 * why the report calls it rough and optimistic.
 */
export function estimateReadiness(snapshot: PortfolioSnapshot): ReadinessIndicator {
  const { user, analytics } = snapshot;
  const years = Math.max(0, user.yearsUntilRetirement);
  const rate = analytics.expected.returnPct / 100;
  const growth = (1 + rate) ** years;
  const contributionsGrowth = rate === 0 ? years : (growth - 1) / rate;
  const projectedValueUsd = roundCents(
    analytics.total.valueUsd * growth + user.annualContributionUsd * contributionsGrowth,
  );
  const capitalNeededUsd = roundCents(
    user.targetRetirementIncomeUsd / (RULE_OF_THUMB_WITHDRAWAL_PCT / 100),
  );
  return {
    targetIncomeUsd: user.targetRetirementIncomeUsd,
    capitalNeededUsd,
    currentValueUsd: analytics.total.valueUsd,
    annualContributionUsd: user.annualContributionUsd,
    totalContributionsUsd: roundCents(user.annualContributionUsd * years),
    yearsUntilRetirement: years,
    retirementAge: user.currentAge === null ? null : user.currentAge + years,
    assumedReturnPct: analytics.expected.returnPct,
    projectedValueUsd,
    coveragePct:
      capitalNeededUsd > 0
        ? percentOf(usdToCents(projectedValueUsd), usdToCents(capitalNeededUsd))
        : null,
    shortfallUsd: roundCents(capitalNeededUsd - projectedValueUsd),
  };
}

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
 * here and by the findings, and the thresholds the recommendations cite.
 */
export function allowedFacts(
  snapshot: PortfolioSnapshot,
  computed: {
    readiness: ReadinessIndicator;
    badYear: BadYearIllustration;
    findingFacts: AllowedFact[];
    thresholdsPct: number[];
  },
  outlook?: RetirementOutlook,
): AllowedFact[] {
  const { analytics, user, portfolio } = snapshot;
  const usd = (value: number): AllowedFact => ({ value, unit: 'usd' });
  const pct = (value: number): AllowedFact => ({ value, unit: 'pct' });
  const { readiness, badYear } = computed;
  const facts: AllowedFact[] = [
    ...analytics.facts.map((fact) => ({ value: fact.value, unit: fact.unit })),
    pct(Math.round((100 - analytics.cashDrag.cashPct) * 100) / 100),
    usd(user.targetRetirementIncomeUsd),
    usd(user.annualContributionUsd),
    usd(readiness.capitalNeededUsd),
    usd(readiness.projectedValueUsd),
    usd(readiness.totalContributionsUsd),
    usd(Math.abs(readiness.shortfallUsd)),
    pct(RULE_OF_THUMB_WITHDRAWAL_PCT),
    pct(badYear.returnPct),
    usd(Math.abs(badYear.changeUsd)),
    ...computed.findingFacts,
    ...computed.thresholdsPct.map(pct),
  ];
  if (readiness.coveragePct !== null) facts.push(pct(readiness.coveragePct));
  // listFacts leaves out the share of holdings with a known expense ratio; reports quote it.
  if (analytics.fees) facts.push(pct(analytics.fees.coveredPct));
  for (const position of analytics.positions) {
    const ratio = portfolio.instruments[position.symbol]?.expenseRatioPct;
    if (typeof ratio === 'number') facts.push(pct(ratio));
  }
  if (outlook) {
    facts.push(pct(outlook.successProbabilityPct));
    if (outlook.medianAtRetirementUsd !== undefined) facts.push(usd(outlook.medianAtRetirementUsd));
    if (outlook.sustainableSpendingUsd !== undefined)
      facts.push(usd(outlook.sustainableSpendingUsd));
  }
  return facts;
}

function roundCents(valueUsd: number): number {
  return centsToUsd(usdToCents(valueUsd));
}
