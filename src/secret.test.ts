import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeError, UpstreamError } from './errors.ts';
import { redactSecrets, registerSecretValue, Secret } from './secret.ts';

describe('Secret and redactSecrets', () => {
  it('prints as [redacted] and registers its value for redaction', () => {
    const key = new Secret('sk-unit-test-key-1');
    expect(String(key)).toBe('[redacted]');
    expect(JSON.stringify({ key })).toBe('{"key":"[redacted]"}');
    expect(inspect(key)).toBe('[redacted]');
    expect(redactSecrets('Incorrect API key provided: sk-unit-test-key-1.')).toBe(
      'Incorrect API key provided: [redacted].',
    );
  });

  it('redacts a registered value as it appears inside JSON text and inside a URL', () => {
    registerSecretValue('pa"ss/wo rd');
    expect(redactSecrets(JSON.stringify({ said: 'pa"ss/wo rd' }))).toBe('{"said":"[redacted]"}');
    expect(redactSecrets('https://x.test/?key=pa%22ss%2Fwo%20rd')).toBe(
      'https://x.test/?key=[redacted]',
    );
  });

  it('leaves values too short to be secrets alone, so ordinary words survive', () => {
    registerSecretValue('abc');
    expect(redactSecrets('abc is not hidden')).toBe('abc is not hidden');
  });

  it('is what describeError applies to every error text', () => {
    const key = new Secret('anthropic-unit-key-2');
    const error = new UpstreamError('anthropic', `HTTP 401: invalid x-api-key ${key.reveal()}`, {
      status: 401,
    });
    expect(describeError(error)).toBe('anthropic: HTTP 401: invalid x-api-key [redacted]');
    expect(describeError(`thrown text with ${key.reveal()}`)).toBe('thrown text with [redacted]');
  });
});
