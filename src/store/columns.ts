import type { z } from 'zod';
import { parseJson, parseWith } from '../parse-json.ts';
import { redactSecrets } from '../secret.ts';

// Conversions at the database boundary. Postgres returns numeric as decimal strings, and the
// RDS Data API returns JSONB and timestamps as strings where pg and PGlite return values.

/**
 * An error text as it may be stored (jobs.error, agent_runs.error): with every configured
 * secret redacted, whichever path produced it, since rows outlive logs and are shown to users.
 */
export function storedError(text: string | null | undefined): string | null {
  return text == null ? null : redactSecrets(text);
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
