import type { z } from 'zod';
import { InputError } from './errors.ts';

/**
 * The one place JSON text becomes a value: parse, then validate with a schema, so no
 * unchecked shape enters the program. `what` names the source in error messages.
 */
export function parseJson<Schema extends z.ZodType>(
  text: string,
  schema: Schema,
  what = 'json',
): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError([{ field: what, rule: `is not valid JSON (${String(error)})` }], {
      cause: error,
    });
  }
  return parseWith(schema, value, what);
}

/** Validate an already-parsed value, turning zod issues into an InputError naming each field. */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      field: [what, ...issue.path.map(String)].filter(Boolean).join('.'),
      rule: issue.message,
    })),
    { cause: result.error },
  );
}
