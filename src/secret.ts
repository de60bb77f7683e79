import { inspect } from 'node:util';

/**
 * A secret value (API key, database URL with a password). It prints as `[redacted]` in
 * JSON, string conversion and `util.inspect`, so it cannot leak into logs or `alex config`
 * by accident; `reveal()` is the one explicit way to read it.
 *
 * Every Secret also registers its value for `redactSecrets`: a provider may echo a key back
 * inside an error message (`Incorrect API key provided: sk-…`), and that text is no Secret.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
    registerSecretValue(value);
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

export const REDACTED = '[redacted]';

// Values shorter than this are not hidden: no real key or password is that short, and
// replacing a two-letter value everywhere would garble every message without protecting
// anything. (A process-wide set rather than an injected object: errors become text in many
// places, and a secret missed by one of them is a leak; configuration fills it once.)
const MIN_REDACTED_LENGTH = 6;
const knownSecretTexts = new Set<string>();

/**
 * Remember `value` (and the forms it takes inside JSON and URLs) as text that must never be
 * printed, logged or stored. Secret does this for every configured secret; call it directly
 * for secret text that is not wrapped, such as the password inside DATABASE_URL.
 */
export function registerSecretValue(value: string): void {
  if (value.length < MIN_REDACTED_LENGTH) return;
  for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) {
    knownSecretTexts.add(form);
  }
}

/** `text` with every registered secret replaced by `[redacted]`, longest secrets first. */
export function redactSecrets(text: string): string {
  if (knownSecretTexts.size === 0) return text;
  let redacted = text;
  for (const secret of [...knownSecretTexts].sort((a, b) => b.length - a.length)) {
    if (redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}
