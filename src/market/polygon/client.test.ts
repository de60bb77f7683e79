import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './client.ts';

describe('parseRetryAfter', () => {
  const nowMs = Date.parse('2025-11-24T15:30:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('7', nowMs)).toBe(7);
  });

  it('reads an HTTP date as the seconds until then', () => {
    expect(parseRetryAfter('Mon, 24 Nov 2025 15:30:20 GMT', nowMs)).toBe(20);
    expect(parseRetryAfter('Mon, 24 Nov 2025 15:29:00 GMT', nowMs)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(null, nowMs)).toBeUndefined();
    expect(parseRetryAfter('soon', nowMs)).toBeUndefined();
  });
});
