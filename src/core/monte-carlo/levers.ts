import { LEVER_NAMES } from '../../contracts/simulation.ts';
import { successProbabilityOf } from './simulate.ts';
import { benefitAtClaimingAge, LATEST_CLAIMING_AGE } from './social-security.ts';
import type { SimulationOptions } from './types.ts';

// The lever names are the wire contract's (the JSON's `levers[].lever`).
export { LEVER_NAMES };
export type LeverName = (typeof LEVER_NAMES)[number];

export interface LeverResult {
  lever: LeverName;
  /** What was changed, in words. */
  change: string;
  successProbability: number;
  /** Change in success probability from the plan as it is (fraction, e.g. 0.05). */
  successChange: number;
}

/** Size of each what-if change; defaults chosen to be a plausible single step, overridable. */
export interface LeverSizes {
  extraContributionUsd: number;
  extraWorkingYears: number;
  spendingCutFraction: number;
  allocationShift: number;
}

export const DEFAULT_LEVER_SIZES: LeverSizes = {
  extraContributionUsd: 5000,
  extraWorkingYears: 2,
  spendingCutFraction: 0.1,
  allocationShift: 0.2,
};

/**
 * Re-runs the plan with one change at a time on the same seed (common random numbers), so the
 * differences come from the change, not from sampling noise. Retiring later keeps the same end
 * age, so retirement is shorter by the extra working years. Levers that do not apply (saving
 * more with no years left to save, shifting an allocation that has nothing to shift) are left out.
 */
export function computeLevers(
  options: SimulationOptions,
  baselineSuccess: number,
  sizes: LeverSizes = DEFAULT_LEVER_SIZES,
): LeverResult[] {
  const variants: Array<{ lever: LeverName; change: string; options: SimulationOptions }> = [];
  if (options.yearsToRetirement > 0) {
    variants.push({
      lever: 'save_more',
      change: `save $${sizes.extraContributionUsd.toLocaleString('en-US')} more a year`,
      options: {
        ...options,
        annualContributionUsd: options.annualContributionUsd + sizes.extraContributionUsd,
      },
    });
  }
  if (options.retirementYears > sizes.extraWorkingYears) {
    variants.push({
      lever: 'retire_later',
      change: `retire ${sizes.extraWorkingYears} years later`,
      options: {
        ...options,
        yearsToRetirement: options.yearsToRetirement + sizes.extraWorkingYears,
        retirementYears: options.retirementYears - sizes.extraWorkingYears,
      },
    });
  }
  const keep = 1 - sizes.spendingCutFraction;
  // VPW takes no spending amount: its table sets every year's rate.
  if (options.strategy !== 'vpw')
    variants.push({
      lever: 'spend_less',
      change: `spend ${Math.round(sizes.spendingCutFraction * 100)}% less`,
      options: {
        ...options,
        spending:
          options.spending.kind === 'amount'
            ? { kind: 'amount', annualUsd: options.spending.annualUsd * keep }
            : { kind: 'rate', withdrawalRate: options.spending.withdrawalRate * keep },
      },
    });
  const conservative = shiftAllocation(options, -sizes.allocationShift);
  if (conservative) variants.push({ lever: 'more_conservative', ...conservative });
  const aggressive = shiftAllocation(options, sizes.allocationShift);
  if (aggressive) variants.push({ lever: 'more_aggressive', ...aggressive });
  const later = claimSocialSecurityLater(options);
  if (later) variants.push({ lever: 'claim_social_security_later', ...later });

  return variants.map((variant) => {
    const successProbability = successProbabilityOf(variant.options);
    return {
      lever: variant.lever,
      change: variant.change,
      successProbability,
      successChange: successProbability - baselineSuccess,
    };
  });
}

/** Moves up to `shift` of the portfolio into equity (positive) or out of it into fixed income. */
function shiftAllocation(
  options: SimulationOptions,
  shift: number,
): { change: string; options: SimulationOptions } | null {
  if (options.singleAsset) return null;
  const equity = options.allocation.equity ?? 0;
  const fixedIncome = options.allocation.fixed_income ?? 0;
  const cash = options.allocation.cash ?? 0;
  const moved = shift > 0 ? Math.min(shift, fixedIncome + cash) : Math.max(shift, -equity);
  if (Math.abs(moved) < 1e-9) return null;
  const fromFixedIncome = moved > 0 ? Math.min(moved, fixedIncome) : moved;
  const allocation = {
    ...options.allocation,
    equity: equity + moved,
    fixed_income: fixedIncome - fromFixedIncome,
    cash: cash - (moved > 0 ? moved - fromFixedIncome : 0),
  };
  const points = Math.round(Math.abs(moved) * 100);
  return {
    change:
      moved > 0
        ? `move ${points} percentage points into equity`
        : `move ${points} percentage points from equity to fixed income`,
    options: { ...options, allocation },
  };
}

/**
 * The user's own Social Security claimed at 70 instead of earlier: the benefit grows by the
 * SSA's claiming adjustment (social-security.ts) and starts later. A spouse's benefit is left
 * as it is. Null without the user's own benefit or when it is already claimed at 70.
 */
function claimSocialSecurityLater(
  options: SimulationOptions,
): { change: string; options: SimulationOptions } | null {
  const streams = options.cashFlows ?? [];
  const index = streams.findIndex(
    (stream) =>
      stream.kind === 'social_security' &&
      stream.person === 'self' &&
      stream.claimingAge !== undefined &&
      stream.claimingAge < LATEST_CLAIMING_AGE,
  );
  const stream = streams[index];
  const claimingAge = stream?.claimingAge;
  if (claimingAge === undefined) return null;
  const delay = LATEST_CLAIMING_AGE - claimingAge;
  const cashFlows = streams.map((each, at) =>
    at === index
      ? {
          ...each,
          startAge: each.startAge + delay,
          claimingAge: LATEST_CLAIMING_AGE,
          annualUsd: benefitAtClaimingAge(each.annualUsd, claimingAge, LATEST_CLAIMING_AGE),
        }
      : each,
  );
  return {
    change: `claim Social Security at ${LATEST_CLAIMING_AGE} instead of ${claimingAge}`,
    options: { ...options, cashFlows },
  };
}
