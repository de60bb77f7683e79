import type { PathResults } from './engine.ts';
import { valueMetByShare } from './statistics.ts';
import type { SustainableSpending } from './types.ts';

/** Default success probability at which sustainable spending is quoted. */
export const DEFAULT_TARGET_SUCCESS = 0.9;

/**
 * Sustainable spending at a target success probability, exactly from the simulated paths.
 * For inflation-adjusted constant-dollar withdrawals s from wealth W at retirement, with real
 * growth factors g_j and P_j = g_0·…·g_(j−1), the balance stays non-negative for n years iff
 * s ≤ W / Σ_(j<n) 1/P_j (start-of-year withdrawals; 1/P_(j+1) for end-of-year), so each path
 * has a largest sustainable s and the answer is the value met by the target share of paths.
 * At target 1 on the historical model this is Bengen's (1994) SAFEMAX.
 */
export function sustainableSpending(
  results: PathResults,
  targetSuccess = DEFAULT_TARGET_SUCCESS,
): SustainableSpending {
  return {
    targetSuccess,
    withdrawalRate: valueMetByShare(results.maxWithdrawalRate, targetSuccess),
    spendingUsd: valueMetByShare(results.maxSpending, targetSuccess),
    basis: 'constant-dollar',
  };
}
