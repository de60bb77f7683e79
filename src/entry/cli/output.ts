// How the CLI speaks: results on stdout (JSON when --json), messages and errors on stderr.
import {
  ConfigError,
  ConflictError,
  InputError,
  NotFoundError,
  TimeoutError,
  describeError,
} from '../../errors.ts';
import { redactSecrets } from '../../secret.ts';

// Everything the CLI prints passes redactSecrets: a configured key echoed in a message or a
// stored record must not reach a terminal or a CI log either.

export function printJson(value: unknown): void {
  process.stdout.write(`${redactSecrets(JSON.stringify(value, null, 2))}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${redactSecrets(text)}\n`);
}

export function printNotice(text: string): void {
  process.stderr.write(`${redactSecrets(text)}\n`);
}

/**
 * Exit codes: 2 for the caller's mistakes, 3 for configuration, 4 not found, 5 for a conflict
 * with the current state (another Alex process holds the embedded data directory), 6 for a
 * wait that timed out (e.g. following a job past `--timeout`), 1 otherwise.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InputError) return 2;
  if (error instanceof ConfigError) return 3;
  if (error instanceof NotFoundError) return 4;
  if (error instanceof ConflictError) return 5;
  if (error instanceof TimeoutError) return 6;
  return 1;
}

/** One line for a person: the message, never a stack trace. */
export function describeForCli(error: unknown): string {
  return `alex: ${describeError(error)}`;
}

/** A simple fixed-width table for terminal output. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
