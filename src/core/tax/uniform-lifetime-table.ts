// The Uniform Lifetime Table in force for distribution calendar years from 2022: Treas. Reg.
// 1.401(a)(9)-9(c), as amended by T.D. 9930 (Federal Register vol. 85, no. 219, 12 November 2020,
// pages 72472-72503); printed as Table III of IRS Publication 590-B, Appendix B. It starts at 72
// (27.4); the table it replaced started at 70 (27.4) and must not be used. The regulation's own
// text was not read here: the divisors were read from two independent public copies of the 2022
// table, which agree at every age (data/README.md, "Uniform Lifetime Table").

export const UNIFORM_LIFETIME_TABLE_SOURCE =
  'Treas. Reg. 1.401(a)(9)-9(c) as amended by T.D. 9930 (85 FR 72472, 12 November 2020), ' +
  'IRS Publication 590-B Appendix B Table III; in force from 2022';

/** First age of the table. */
export const UNIFORM_LIFETIME_FIRST_AGE = 72;

/** Distribution periods from age 72; the last entry is for 120 and older. */
export const UNIFORM_LIFETIME_DIVISORS: readonly number[] = [
  27.4, 26.5, 25.5, 24.6, 23.7, 22.9, 22.0, 21.1, 20.2, 19.4, 18.5, 17.7, 16.8, 16.0, 15.2, 14.4,
  13.7, 12.9, 12.2, 11.5, 10.8, 10.1, 9.5, 8.9, 8.4, 7.8, 7.3, 6.8, 6.4, 6.0, 5.6, 5.2, 4.9, 4.6,
  4.3, 4.1, 3.9, 3.7, 3.5, 3.4, 3.3, 3.1, 3.0, 2.9, 2.8, 2.7, 2.5, 2.3, 2.0,
];

/** The distribution period (divisor) at `age`, or null below the table's first age. */
export function uniformLifetimeDivisor(age: number): number | null {
  if (age < UNIFORM_LIFETIME_FIRST_AGE) return null;
  const index = Math.min(age - UNIFORM_LIFETIME_FIRST_AGE, UNIFORM_LIFETIME_DIVISORS.length - 1);
  return UNIFORM_LIFETIME_DIVISORS[index]!;
}
