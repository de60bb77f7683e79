import { z } from 'zod';
import type { IncomeStream } from '../contracts/income-streams.ts';
import type { XrayThresholds } from '../contracts/xray.ts';
import type { TaxPlan } from '../contracts/tax-plan.ts';
import type { PortfolioAnalytics, PortfolioInput } from '../core/index.ts';

/** The user's retirement profile as the agents see it (from the users table). */
export interface UserProfile {
  id: string;
  displayName: string;
  /** Current age in years, when the user gave a birth year or age. */
  currentAge: number | null;
  yearsUntilRetirement: number;
  targetRetirementIncomeUsd: number;
  annualContributionUsd: number;
  /**
   * Income and expenses beside the portfolio, each by its person's own age (issue 16);
   * absent from snapshots stored before them.
   */
  incomeStreams?: IncomeStream[];
  /** The spouse's age, when a stream is the spouse's. */
  spouseAge?: number | null;
  /** Which SSA life table to read (issue 16); null or absent: a 50/50 blend of the two. */
  sex?: 'female' | 'male' | null;
  /**
   * The age the user's plan runs to (the profile's plan_to_age); null or absent (snapshots
   * stored before it): the life table's 10% age.
   */
  planToAge?: number | null;
  /** The X-ray thresholds the user changed; absent from snapshots stored before them. */
  xrayThresholds?: XrayThresholds;
  /** How the projection taxes withdrawals (issue 16); absent from older snapshots. */
  taxPlan?: TaxPlan;
}

/** Where the prices in a snapshot came from and how fresh they are. */
export interface PriceStatus {
  /** Latest price date among priced positions, ISO date, or null when nothing is priced. */
  newestAsOf: string | null;
  /** Symbols priced from a stored or seed price rather than a fresh quote. */
  stale: Array<{
    symbol: string;
    source: string | null;
    asOf: string | null;
    ageDays: number | null;
  }>;
  /** Plain-language notes for outputs (e.g. "no POLYGON_API_KEY: using stored prices"). */
  notices: string[];
}

/**
 * The one portfolio snapshot of a job: built once by the planner (priced positions,
 * allocations, analytics) and given to every specialist, so they all describe the same numbers.
 * It is stored on the job (jobs.snapshot) so specialists running as separate Lambdas read it.
 */
export interface PortfolioSnapshot {
  user: UserProfile;
  portfolio: PortfolioInput;
  analytics: PortfolioAnalytics;
  prices: PriceStatus;
  /** ISO-8601 UTC time the snapshot was built. */
  createdAt: string;
}

/**
 * Shallow check of a snapshot read back from the database; the analytics inside were
 * computed by our own code and are trusted once the outer shape is right.
 */
export const portfolioSnapshotSchema = z
  .object({
    user: z
      .object({
        id: z.string(),
        displayName: z.string(),
        currentAge: z.number().nullable(),
        yearsUntilRetirement: z.number(),
        targetRetirementIncomeUsd: z.number(),
        annualContributionUsd: z.number(),
      })
      .loose(),
    portfolio: z
      .object({ accounts: z.array(z.unknown()), instruments: z.record(z.string(), z.unknown()) })
      .loose(),
    analytics: z
      .object({ total: z.object({ valueCents: z.number() }).loose(), facts: z.array(z.unknown()) })
      .loose(),
    prices: z
      .object({
        newestAsOf: z.string().nullable(),
        stale: z.array(z.unknown()),
        notices: z.array(z.string()),
      })
      .loose(),
    createdAt: z.string(),
  })
  .loose()
  .transform((value) => value as unknown as PortfolioSnapshot);
