import { ApiError } from '../api/problem.ts';

/** The server's rule for one field, or nothing when the error names other fields or none. */
export function fieldError(error: Error | null, field: string): string | undefined {
  return error instanceof ApiError ? error.forField(field) : undefined;
}

/** A message for the form as a whole when the error names none of the form's own fields. */
export function formError(error: Error | null, fields: string[]): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError && fields.some((field) => error.forField(field))) return undefined;
  return error.message;
}

/** Reads a money or quantity input: empty is "not given", anything else must be a number. */
export function parseNumberInput(text: string): number | undefined {
  const trimmed = text.trim().replace(/[$,\s]/g, '');
  if (trimmed === '') return undefined;
  return Number(trimmed);
}
