import { SPECIALIST_NAMES, type SpecialistName } from '../../contracts/jobs.ts';
import type { FieldIssue } from '../../errors.ts';
import type { PortfolioSnapshot, UserProfile } from '../portfolio-snapshot.ts';
import type { RoutingFacts, SkippedSpecialist } from './schema.ts';

// Charts compare dollar values; with fewer than two priced positions every chart would be a
// single slice, so the charter is not worth a model call.
export const MIN_PRICED_POSITIONS_FOR_CHARTS = 2;

/**
 * A user has retirement goals when they are still saving towards retirement (years until
 * retirement above 0) or have said what income they want from it (target income above 0).
 * With neither, a retirement projection has nothing to measure against.
 */
export function hasRetirementGoals(
  user: Pick<UserProfile, 'yearsUntilRetirement' | 'targetRetirementIncomeUsd'>,
): boolean {
  return user.yearsUntilRetirement > 0 || user.targetRetirementIncomeUsd > 0;
}

/**
 * The routing facts of a built snapshot. `retirementHorizonIssue` is the Retirement agent's
 * reason the profile has no retirement horizon: the job asks the agent's own rule, so routing
 * never reads the life table or words the problem itself.
 */
export function routingFactsFromSnapshot(
  snapshot: PortfolioSnapshot,
  retirementHorizonIssue: FieldIssue | null = null,
): RoutingFacts {
  return {
    positionCount: snapshot.portfolio.accounts.reduce(
      (count, account) => count + account.positions.length,
      0,
    ),
    pricedPositionCount: snapshot.analytics.positions.length,
    hasRetirementGoals: hasRetirementGoals(snapshot.user),
    ...(retirementHorizonIssue === null
      ? {}
      : {
          retirementHorizonIssue: `${retirementHorizonIssue.field}: ${retirementHorizonIssue.rule}`,
        }),
  };
}

/**
 * The specialists that can do useful work for this portfolio: the reporter when there is at
 * least one position, the charter when at least two positions are priced, retirement when the
 * user has retirement goals and a retirement horizon (retirement before the life table's 10%
 * age, the rule `alex simulate` refuses by). Every other specialist comes back in `skipped`
 * with the reason: a profile that cannot be projected is said, not counted as a failure.
 */
export function eligibleSpecialists(facts: RoutingFacts): {
  agents: SpecialistName[];
  skipped: SkippedSpecialist[];
} {
  const ruledOut: Record<SpecialistName, Omit<SkippedSpecialist, 'agent'> | null> = {
    reporter:
      facts.positionCount > 0 ? null : { reason: 'the portfolio has no positions to report on' },
    charter:
      facts.pricedPositionCount >= MIN_PRICED_POSITIONS_FOR_CHARTS
        ? null
        : {
            reason: `charts need at least ${MIN_PRICED_POSITIONS_FOR_CHARTS} priced positions; the portfolio has ${facts.pricedPositionCount}`,
          },
    retirement: !facts.hasRetirementGoals
      ? {
          reason:
            'no retirement goals: years_until_retirement and target_retirement_income are both 0',
          about: 'profile',
        }
      : facts.retirementHorizonIssue !== undefined
        ? {
            reason: `no retirement projection can be made for this profile: ${facts.retirementHorizonIssue}`,
            about: 'profile',
          }
        : null,
  };
  const agents: SpecialistName[] = [];
  const skipped: SkippedSpecialist[] = [];
  for (const agent of SPECIALIST_NAMES) {
    const why = ruledOut[agent];
    if (why === null) agents.push(agent);
    else skipped.push({ agent, ...why });
  }
  return { agents, skipped };
}
