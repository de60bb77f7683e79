import { pino, type Logger } from 'pino';
import { redactSecrets } from './secret.ts';

export type { Logger };

/**
 * The process logger: structured JSON on stderr (stdout is kept for command output such as
 * `--json`). Secrets are `Secret` objects that print as `[redacted]`; the paths below cover
 * raw keys that might arrive in objects from libraries, and every finished line has the
 * configured secrets' values redacted, wherever in it they appear (an echoed key in an error).
 */
export function createLogger(options: { level: string }): Logger {
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['*.apiKey', '*.api_key', '*.password', '*.authorization', '*.connectionString'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: redactSecrets },
    },
    pino.destination(2),
  );
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
