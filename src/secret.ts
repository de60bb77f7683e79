import { inspect } from 'node:util';

/**
 * A secret value (API key, database URL with a password). It prints as `[redacted]` in
 * JSON, string conversion and `util.inspect`, so it cannot leak into logs or `alex config`
 * by accident; `reveal()` is the one explicit way to read it.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
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
