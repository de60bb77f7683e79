import type { WithdrawalTiming } from './types.ts';

// The engine works in real terms (dollars of the retirement date, then deflated to today's
// with the path's own inflation). A strategy sets each year's spending s; the timing convention
// says when it is paid and what that payment is worth in real terms. With C the price level on
// the year's first day (1 at retirement) and i the year's inflation:
//
//   timing   paid on            inflation-adjusted: nominal, real    fixed nominal: nominal, real
//   start    the first day      s·C,       s                         s,  s/C
//   end      the last day       s·C·(1+i), s                         s,  s/(C·(1+i))
//   bengen   the last day       s·C,       s/(1+i)                   s,  s/(C·(1+i))
//
// `bengen` is Bengen's (1994) convention: the first withdrawal, rate x W0, is paid at the end of
// year 1 and each later one is the previous raised by the CPI of the year before, so a payment
// never includes the inflation of the year it closes. `end` pays the year's spending in full
// real value on its last day. With fixed nominal withdrawals `end` and `bengen` coincide.

/** Whether the withdrawal comes after the year's growth. */
export const paidAtYearEnd = (timing: WithdrawalTiming) => timing !== 'start';

/**
 * Real value of one dollar of the year's spending as paid: `priceLevel` is C above (the start
 * of the year), `inflation` is 1 + i of the year.
 */
export function realPaymentFactor(
  timing: WithdrawalTiming,
  inflationAdjusted: boolean,
  priceLevel: number,
  inflation: number,
): number {
  if (!inflationAdjusted) return timing === 'start' ? 1 / priceLevel : 1 / (priceLevel * inflation);
  return timing === 'bengen' ? 1 / inflation : 1;
}

/** Years from retirement to the day a retirement year's payment is due. */
export const paymentYearOffset = (timing: WithdrawalTiming, retirementYear: number) =>
  paidAtYearEnd(timing) ? retirementYear + 1 : retirementYear;
