import { uniformLifetimeDivisor } from './uniform-lifetime-table.ts';

// Required minimum distributions from tax-deferred accounts (IRC 401(a)(9)). SECURE 2.0 (the
// Consolidated Appropriations Act, 2023, Division T, section 107) set the "applicable age": 73
// for people who reach 72 after 2022 and 73 before 2033 (born 1951-1959), 75 for people who
// reach 74 after 2032 (born 1960 or later). The statute's two clauses overlap for people born
// in 1959; this model follows the reading the task and most commentary give: 73.

export const RMD_AGE_SOURCE =
  'SECURE 2.0 Act of 2022 (Consolidated Appropriations Act, 2023, Division T) section 107, ' +
  'IRC 401(a)(9)(C)(v)';

/**
 * The age RMDs start for someone born in `birthYear`. People born before 1951 started earlier
 * under the older ages (72, 70½); they are past 73 today, so RMDs apply in every simulated year
 * either way, which is also what the law asks of them.
 */
export function rmdStartAge(birthYear: number): number {
  return birthYear >= 1960 ? 75 : 73;
}

/**
 * The year's RMD from a tax-deferred balance at `age`: balance / the Uniform Lifetime Table's
 * divisor. The engine passes the balance on the withdrawal's day, standing in for the previous
 * year-end balance the rule uses.
 */
export function requiredDistributionUsd(balanceUsd: number, age: number, startAge: number): number {
  if (age < startAge || balanceUsd <= 0) return 0;
  const divisor = uniformLifetimeDivisor(age);
  return divisor === null ? 0 : balanceUsd / divisor;
}
