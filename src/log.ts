import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger: structured JSON on stderr (stdout is kept for command output such as
 * `--json`). Secrets are `Secret` objects that print as `[redacted]`; the paths below cover
 * raw keys that might arrive in objects from libraries.
 */
export function createLogger(options: { level: string }): Logger {
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['*.apiKey', '*.api_key', '*.password', '*.authorization', '*.connectionString'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
