// How the CLI speaks: results on stdout (JSON when --json), messages and errors on stderr.
import { AlexError, ConfigError, InputError, NotFoundError, TimeoutError } from '../../errors.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printNotice(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Exit codes: 2 for the caller's mistakes, 3 for configuration, 4 not found, 5 a wait that
 * timed out (e.g. following a job past `--timeout`), 1 otherwise.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InputError) return 2;
  if (error instanceof ConfigError) return 3;
  if (error instanceof NotFoundError) return 4;
  if (error instanceof TimeoutError) return 5;
  return 1;
}

/** One line for a person: the message, never a stack trace. */
export function describeForCli(error: unknown): string {
  if (error instanceof AlexError) return `alex: ${error.message}`;
  if (error instanceof Error) return `alex: ${error.message}`;
  return `alex: ${String(error)}`;
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
