import { describeCashFlow, type TaxOptions } from '../../core/index.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import { READINESS_BANDS, readinessVerdict } from './engine-facts.ts';
import { projectRetirement, type HorizonSource, type Projection } from './projection.ts';
import { planFromSnapshot } from './retirement-plan.ts';
import type { RetirementOptions } from './schema.ts';

// The success level at which the plan counts as on track: the top readiness band, and the
// level at which sustainable spending is quoted.
const ON_TRACK_SUCCESS_PCT = READINESS_BANDS[0].minPct;

/** Where the success probability falls among the readiness bands, for rules that rank it. */
export type ReadinessStatus = 'on_track' | 'close' | 'at_risk' | 'not_on_track';

/**
 * The readiness answer other agents state: the retirement projection's own figures, rounded
 * as the retirement payload publishes them, so the report and the payload cannot disagree.
 */
export interface RetirementOutlook {
  /** Percent (0-100), two decimals, as `results.success_probability`. */
  successProbabilityPct: number;
  /**
   * Half-width of its 95% sampling interval in percentage points (1.96 binomial standard
   * errors); null for historical windows, which overlap.
   */
  successMarginPoints: number | null;
  verdict: string;
  status: ReadinessStatus;
  /** The success level the plan needs to count as on track (percent). */
  onTrackSuccessPct: number;
  simulations: number;
  retirementAge: number;
  retirementYears: number;
  /** The user's target retirement spending a year, today's dollars (0 when none is set). */
  targetSpendingUsd: number;
  /** Spending a year that lasts in `onTrackSuccessPct` of paths (fixed, inflation-adjusted). */
  sustainableSpendingUsd: number;
  /** Target minus sustainable spending, never negative: how much a year the target is too high. */
  spendingShortfallUsd: number;
  medianAtRetirementUsd: number;
  /**
   * The income and expenses the projection counted (Social Security, pensions, other streams),
   * each in words with its source note, and their yearly amounts (figures the report may quote).
   */
  incomeStreams: Array<{ description: string; annualUsd: number }>;
  /**
   * Issue 16: the age the plan runs to, the chance (percent, two decimals) of being alive then
   * and of running out of money while alive; null without a profile age and a life table.
   */
  longevity: {
    planToAge: number;
    survivalToPlanEndPct: number;
    ruinWhileAlivePct: number;
    /** Whose age it is: the profile's plan_to_age or the life table's default (null: neither). */
    planToAgeSource: 'profile' | 'life-table' | null;
  } | null;
  /**
   * How the projection taxed withdrawals (spending is then after tax): the flat rate on
   * tax-deferred withdrawals (percent, two decimals), in words with its source; null untaxed.
   */
  taxes: { description: string; taxDeferredRatePct: number } | null;
}

/** Plans and projects the snapshot once; the retirement agent and the reporter both use it. */
export function projectSnapshot(
  snapshot: PortfolioSnapshot,
  options: RetirementOptions | undefined,
  startYear: number,
): Projection {
  return projectRetirement(planFromSnapshot(snapshot, options), startYear);
}

export function retirementOutlookOf(projection: Projection): RetirementOutlook {
  const { plan } = projection;
  const spending = plan.simulation.spending;
  const targetSpendingUsd = spending.kind === 'amount' ? spending.annualUsd : 0;
  const shortfall = targetSpendingUsd - projection.sustainableSpendingUsd;
  return {
    successProbabilityPct: projection.successPct,
    successMarginPoints: projection.successUncertainty?.marginPoints ?? null,
    verdict: readinessVerdict(projection.successPct),
    status: statusOf(projection.successPct),
    onTrackSuccessPct: ON_TRACK_SUCCESS_PCT,
    simulations: projection.result.paths,
    retirementAge: plan.retirementAge,
    retirementYears: plan.simulation.retirementYears,
    targetSpendingUsd,
    sustainableSpendingUsd: projection.sustainableSpendingUsd,
    spendingShortfallUsd: shortfall > 0 ? Math.round(shortfall * 100) / 100 : 0,
    medianAtRetirementUsd: projection.atRetirement.p50,
    incomeStreams: (plan.simulation.cashFlows ?? []).map((stream) => ({
      description: describeCashFlow(stream),
      annualUsd: stream.annualUsd,
    })),
    longevity: projection.result.longevity
      ? {
          planToAge: projection.result.longevity.planToAge,
          survivalToPlanEndPct: roundPct(projection.result.longevity.survivalToPlanEnd),
          ruinWhileAlivePct: roundPct(projection.result.longevity.ruinWhileAlive),
          planToAgeSource: planToAgeSourceOf(plan.horizonSource),
        }
      : null,
    taxes: taxesOutlook(plan.simulation.taxes),
  };
}

function planToAgeSourceOf(source: HorizonSource): 'profile' | 'life-table' | null {
  if (source === 'profile-plan-to-age') return 'profile';
  return source === 'life-table' ? 'life-table' : null;
}

/** Each withdrawal order in the words of the outlook and the narrative. */
export const WITHDRAWAL_ORDER_WORDS: Record<TaxOptions['order'], string> = {
  taxable_first: 'taxable accounts first, then tax-deferred, then tax-free',
  proportional: 'the same share of every account type each year',
};

function taxesOutlook(taxes: TaxOptions | undefined): RetirementOutlook['taxes'] {
  if (!taxes) return null;
  const ratePct = Math.round(taxes.taxDeferredRate * 10_000) / 100;
  const order = WITHDRAWAL_ORDER_WORDS[taxes.order];
  return {
    taxDeferredRatePct: ratePct,
    description:
      `spending is after tax: withdrawals come from ${order}, and tax-deferred withdrawals are ` +
      `taxed at a flat ${ratePct}% (${taxes.rateSource}); state tax and capital gains are not modelled`,
  };
}

function statusOf(successPct: number): ReadinessStatus {
  const statuses: ReadinessStatus[] = ['on_track', 'close', 'at_risk', 'not_on_track'];
  const index = READINESS_BANDS.findIndex((band) => successPct >= band.minPct);
  return statuses[index] ?? 'not_on_track';
}

const roundPct = (fraction: number) => Math.round(fraction * 10_000) / 100;
