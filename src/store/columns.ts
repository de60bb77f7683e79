import type { z } from 'zod';
import { parseJson, parseWith } from '../parse-json.ts';
import { redactSecrets } from '../secret.ts';

// Conversions at the database boundary. Postgres returns numeric as decimal strings, and the
// RDS Data API returns JSONB and timestamps as strings where pg and PGlite return values.

// An error text is kept to its first 8,000 characters: it sits in the job's and the agent
// run's rows, which the RDS Data API returns only up to 64 KB each (at most 4 bytes a
// character leaves room for the rest of the row), and no reader needs more of it.
export const MAX_STORED_ERROR_CHARS = 8_000;

/**
 * An error text as it may be stored (jobs.error, agent_runs.error): with every configured
 * secret redacted, whichever path produced it, since rows outlive logs and are shown to users;
 * cut to MAX_STORED_ERROR_CHARS characters, saying how much was cut.
 */
export function storedError(text: string | null | undefined): string | null {
  if (text == null) return null;
  const redacted = [...redactSecrets(text)];
  if (redacted.length <= MAX_STORED_ERROR_CHARS) return redacted.join('');
  const cut = redacted.length - MAX_STORED_ERROR_CHARS;
  return `${redacted.slice(0, MAX_STORED_ERROR_CHARS).join('')}… (${cut} more characters not stored)`;
}

export function numberFrom(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

export function optionalNumberFrom(value: string | number | null): number | null {
  return value === null ? null : numberFrom(value);
}

/** Read a JSONB column through its schema, whatever form the driver returned it in. */
export function jsonFrom<Schema extends z.ZodType>(
  value: unknown,
  schema: Schema,
  what: string,
): z.infer<Schema> {
  return typeof value === 'string'
    ? parseJson(value, schema, what)
    : parseWith(schema, value, what);
}

export function optionalJsonFrom<Schema extends z.ZodType>(
  value: unknown,
  schema: Schema,
  what: string,
): z.infer<Schema> | null {
  return value === null || value === undefined ? null : jsonFrom(value, schema, what);
}

/** JSONB is written as JSON text, which every driver passes through unchanged. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}

export function isoFrom(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function optionalIsoFrom(value: Date | string | null): string | null {
  return value === null ? null : isoFrom(value);
}
