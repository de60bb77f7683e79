import type { PathResults } from './engine.ts';
import { valueMetByShare } from './statistics.ts';
import type { SustainableSpending, WithdrawalTiming } from './types.ts';

/** Default success probability at which sustainable spending is quoted. */
export const DEFAULT_TARGET_SUCCESS = 0.9;

/**
 * Sustainable constant-dollar spending at a target success probability, exactly from the
 * simulated paths. Spending s from wealth W at retirement pays f_j·s in real terms in year j
 * (withdrawal-timing.ts: f_j = 1 for inflation-adjusted start and end, 1/(1+i_j) for Bengen's
 * convention, the deflator for fixed nominal amounts). With real growth factors g_j and
 * P_j = g_0·…·g_(j−1), the balance stays non-negative for n years iff
 * s ≤ W / Σ_(j<n) f_j/P_j (paid at the start of the year; P_(j+1) when paid at its end), so each
 * path has a largest sustainable s and the answer is the value met by the target share of paths.
 * At target 1 on the historical model with timing `bengen` this is Bengen's (1994) SAFEMAX.
 */
export function sustainableSpending(
  results: PathResults,
  targetSuccess: number,
  inflationAdjusted: boolean,
  timing: WithdrawalTiming,
): SustainableSpending {
  return {
    targetSuccess,
    withdrawalRate: valueMetByShare(results.maxWithdrawalRate, targetSuccess),
    spendingUsd: valueMetByShare(results.maxSpending, targetSuccess),
    basis: inflationAdjusted ? 'constant-dollar' : 'fixed-nominal',
    timing,
  };
}
