// Social Security's adjustment for the claiming age, for people born in 1960 or later (full
// retirement age 67). Source: US Social Security Administration, Office of the Chief Actuary,
// "Early or Delayed Retirement" (ssa.gov/OACT/ProgData/nra.html): a benefit claimed early is
// reduced 5/9 of 1% a month for the first 36 months before full retirement age and 5/12 of 1%
// for each further month; delayed retirement credits add 8% a year (2/3 of 1% a month) up to
// age 70 for people born in 1943 or later. Earlier cohorts have a full retirement age between
// 66 and 67; Alex assumes 67, which is right for anyone under 66 in 2026.

export const FULL_RETIREMENT_AGE = 67;
export const EARLIEST_CLAIMING_AGE = 62;
export const LATEST_CLAIMING_AGE = 70;

const EARLY_REDUCTION_FIRST_36 = 5 / 9 / 100;
const EARLY_REDUCTION_BEYOND_36 = 5 / 12 / 100;
const DELAYED_CREDIT_PER_MONTH = 8 / 12 / 100;

/**
 * The benefit claimed at `claimingAge` (whole years, 62-70) as a share of the benefit at full
 * retirement age: 0.70 at 62, 1 at 67, 1.24 at 70.
 */
export function claimingAdjustment(claimingAge: number): number {
  if (
    !Number.isInteger(claimingAge) ||
    claimingAge < EARLIEST_CLAIMING_AGE ||
    claimingAge > LATEST_CLAIMING_AGE
  ) {
    throw new RangeError(`claiming age must be a whole number from 62 to 70, got ${claimingAge}`);
  }
  const months = (claimingAge - FULL_RETIREMENT_AGE) * 12;
  if (months >= 0) return 1 + months * DELAYED_CREDIT_PER_MONTH;
  const early = -months;
  const first = Math.min(early, 36);
  return 1 - first * EARLY_REDUCTION_FIRST_36 - (early - first) * EARLY_REDUCTION_BEYOND_36;
}

/** The benefit at another claiming age, from the benefit at `fromAge` (same earnings record). */
export const benefitAtClaimingAge = (benefitUsd: number, fromAge: number, toAge: number) =>
  (benefitUsd / claimingAdjustment(fromAge)) * claimingAdjustment(toAge);
