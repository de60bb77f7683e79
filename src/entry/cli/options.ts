import { z } from 'zod';
import { describeRange, rangeProblem, type NumberRange } from '../../contracts/limits.ts';
import { InputError } from '../../errors.ts';

// Plain decimal notation: `12`, `-0.5`, `.5`, `2.5e6`. Not `0x10` (Number() reads it as 16),
// not `''` (Number() reads it as 0), not `Infinity`, not `1_000`.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number the text holds, or the rule it breaks (for flag and JSON-free input alike). */
function parseNumber(text: string, range: NumberRange): number | string {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return `must be ${describeRange(range)}, written in decimal`;
  const value = Number(trimmed);
  return rangeProblem(value, range) ?? value;
}

/**
 * A numeric flag: decimal text inside the flag's range, or an InputError naming the flag, the
 * rule and what was given. Every command parses its numbers here, with the ranges of
 * contracts/limits.ts where the value is stored. `why` says where a range comes from when the
 * value alone does not tell (a response size, say).
 */
export function numberOption(
  flag: string,
  value: string | undefined,
  range: NumberRange,
  why?: string,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseNumber(value, range);
  if (typeof parsed === 'string') {
    throw InputError.field(
      flag,
      `${parsed} (got "${value}")${why === undefined ? '' : `: ${why}`}`,
    );
  }
  return parsed;
}

/** Decimal text as a number, for a schema that states the range itself (`.pipe(range)`). */
export const decimalFlagSchema = z.string().transform((text, context) => {
  if (DECIMAL.test(text.trim())) return Number(text.trim());
  context.addIssue({
    code: 'custom',
    message: `must be a number written in decimal (got "${text}")`,
  });
  return z.NEVER;
});

/** `equity=70,fixed_income=30` → { equity: 70, fixed_income: 30 }, each value in `range`. */
export function keyValueOption(
  flag: string,
  value: string | undefined,
  range: NumberRange,
): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const entries = value.split(',').map((part) => {
    const [key, amount, ...rest] = part.split('=');
    if (!key || amount === undefined || rest.length > 0) {
      throw InputError.field(flag, `must look like key=number,key=number (got "${part}")`);
    }
    return [key.trim(), numberOption(`${flag} ${key.trim()}`, amount, range) ?? 0] as const;
  });
  return Object.fromEntries(entries);
}

/** A map flag checked by the schema its value is stored with; problems name the flag. */
export function mapOption<T>(flag: string, value: Record<string, number>, schema: z.ZodType<T>): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      field: [flag, ...issue.path.map(String)].join(' '),
      rule: issue.message,
    })),
  );
}
