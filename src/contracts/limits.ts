import { z } from 'zod';

// The ranges of numbers a person enters: CLI flags today, API bodies later. The CLI's flag
// parser and the repositories' schemas use these same ranges, so a value one accepts the
// other stores, and every figure computed from it stays finite and exact.

/** A closed range, optionally whole numbers only or excluding its minimum. */
export interface NumberRange {
  min: number;
  max: number;
  integer?: boolean;
  /** The minimum itself is not allowed (a quantity must be more than 0). */
  aboveMin?: boolean;
}

// $1 billion: more than any household plan needs, far inside numeric(14, 2) and inside the
// range where cents stay exact in a double; a typo of many zeros is caught, not stored.
export const AMOUNT_USD: NumberRange = { min: 0, max: 1_000_000_000 };
// Shares or units of one holding; numeric(20, 8) holds up to 10^12.
export const QUANTITY: NumberRange = { min: 0, max: 1_000_000_000, aboveMin: true };
export const YEARS_TO_RETIREMENT: NumberRange = { min: 0, max: 80, integer: true };
export const CASH_INTEREST_PCT: NumberRange = { min: 0, max: 100 };
// The age a plan runs to (the profile's plan_to_age, `--plan-to-age`): at most 120, the end of the
// life table the engine reads. SSA's table gives death probabilities to 119 and everyone alive at
// 120 is taken to die within the year, so no survival figure exists past it.
export const MAX_PLAN_TO_AGE = 120;
export const PLAN_TO_AGE: NumberRange = { min: 1, max: MAX_PLAN_TO_AGE, integer: true };
export const EARLIEST_BIRTH_YEAR = 1900;

/** Born in 1900 or later and not in the future. */
export function birthYearRange(now: Date): NumberRange {
  return { min: EARLIEST_BIRTH_YEAR, max: now.getUTCFullYear(), integer: true };
}

/** `a whole number from 0 to 80`, `a number more than 0 and at most 1,000,000,000`. */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  const min = readable(range.min);
  const max = readable(range.max);
  return range.aboveMin
    ? `${kind} more than ${min} and at most ${max}`
    : `${kind} from ${min} to ${max}`;
}

/** `1,000,000,000` but `2026`: digit groups only where they help (and never in a year). */
function readable(value: number): string {
  return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US') : String(value);
}

/** The number is in the range, or the rule it breaks. */
export function rangeProblem(value: number, range: NumberRange): string | undefined {
  const inside =
    Number.isFinite(value) &&
    (range.aboveMin ? value > range.min : value >= range.min) &&
    value <= range.max &&
    (!range.integer || Number.isInteger(value));
  return inside ? undefined : `must be ${describeRange(range)}`;
}

/**
 * A zod number schema for the range, with the same message the CLI gives. The message is
 * written when a value fails, not when the schema is built: these schemas are built as their
 * modules load, and the first toLocaleString initialises ICU (about 11 ms, issue 13's Lambda
 * cold import).
 */
export function rangeSchema(range: NumberRange) {
  return z
    .number({ error: () => `must be ${describeRange(range)}` })
    .superRefine((value, context) => {
      const problem = rangeProblem(value, range);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });
}

/** A birth year from EARLIEST_BIRTH_YEAR to the current year, checked when parsed. */
export const birthYearSchema = z
  .number({ message: 'must be a year' })
  .superRefine((value, context) => {
    const problem = rangeProblem(value, birthYearRange(new Date()));
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
