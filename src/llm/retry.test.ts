import { describe, expect, it } from 'vitest';
import { TimeoutError, UpstreamError } from '../errors.ts';
import { createAttemptBudget } from './attempt-budget.ts';
import {
  MAX_ATTEMPTS_PER_CALL,
  parseRetryAfterSeconds,
  retryDelayMs,
  toUpstreamError,
  withRetries,
  type RetryDependencies,
} from './retry.ts';
import { apiCallError } from './testing/scripted-model.ts';

const NOW_MS = Date.parse('2026-11-24T12:00:00Z');

function recordingDependencies(randomValue = 0.5) {
  const waitsMs: number[] = [];
  const dependencies: RetryDependencies = {
    sleep: (delayMs) => {
      waitsMs.push(delayMs);
      return Promise.resolve();
    },
    random: () => randomValue,
    now: () => NOW_MS,
  };
  return { waitsMs, dependencies };
}

/** An operation that fails with each of `failures` in turn, then returns `ok`. */
function failingThen(failures: Error[]) {
  let attempts = 0;
  return {
    get attempts() {
      return attempts;
    },
    operation: () => {
      attempts += 1;
      const failure = failures[attempts - 1];
      return failure === undefined ? Promise.resolve('ok') : Promise.reject(failure);
    },
  };
}

describe('withRetries', () => {
  it('waits exactly what Retry-After asks after a 429, then succeeds', async () => {
    const { waitsMs, dependencies } = recordingDependencies();
    const call = failingThen([apiCallError(429, { 'retry-after': '7' })]);
    const result = await withRetries(call.operation, {
      service: 'openai:gpt-4.1',
      budget: createAttemptBudget(10),
      dependencies,
    });
    expect(result).toBe('ok');
    expect(call.attempts).toBe(2);
    expect(waitsMs).toEqual([7000]);
  });

  it('backs off with full jitter below a doubling ceiling on 5xx and timeouts', async () => {
    const { waitsMs, dependencies } = recordingDependencies(0.5);
    const call = failingThen([
      apiCallError(500),
      new TimeoutError('model request', 100),
      apiCallError(503),
    ]);
    await withRetries(call.operation, {
      service: 'm',
      budget: createAttemptBudget(10),
      dependencies,
    });
    expect(waitsMs).toEqual([500, 1000, 2000]);
  });

  it('does not retry a 400 and reports it as an UpstreamError with the status', async () => {
    const { waitsMs, dependencies } = recordingDependencies();
    const call = failingThen([apiCallError(400)]);
    const failure = withRetries(call.operation, {
      service: 'openai:gpt-4.1',
      budget: createAttemptBudget(10),
      dependencies,
    });
    await expect(failure).rejects.toMatchObject({
      name: 'UpstreamError',
      status: 400,
      retryable: false,
    });
    expect(call.attempts).toBe(1);
    expect(waitsMs).toEqual([]);
  });

  it(`gives up after ${MAX_ATTEMPTS_PER_CALL} attempts with the last error`, async () => {
    const { dependencies } = recordingDependencies();
    const call = failingThen(Array.from({ length: 10 }, () => apiCallError(502)));
    const failure = withRetries(call.operation, {
      service: 'm',
      budget: createAttemptBudget(10),
      dependencies,
    });
    await expect(failure).rejects.toMatchObject({ status: 502 });
    expect(call.attempts).toBe(MAX_ATTEMPTS_PER_CALL);
  });

  it('fails with the budget named when the job has no attempts left', async () => {
    const { dependencies } = recordingDependencies();
    const budget = createAttemptBudget(2);
    const call = failingThen([apiCallError(429), apiCallError(429), apiCallError(429)]);
    const failure = withRetries(call.operation, { service: 'm', budget, dependencies });
    await expect(failure).rejects.toThrow(
      /attempt budget exhausted: the job has used all 2 model requests.*HTTP 429/,
    );
    expect(call.attempts).toBe(2);
    expect(budget.remaining).toBe(0);
  });

  it('refuses to wait longer than 60 s when Retry-After asks for more', async () => {
    const { waitsMs, dependencies } = recordingDependencies();
    const call = failingThen([apiCallError(429, { 'retry-after': '3600' })]);
    const failure = withRetries(call.operation, {
      service: 'm',
      budget: createAttemptBudget(10),
      dependencies,
    });
    await expect(failure).rejects.toThrow(/asked to retry after 3600 s/);
    expect(waitsMs).toEqual([]);
  });

  it('stops when the caller aborts, without another attempt', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const failure = withRetries(
      () => {
        attempts += 1;
        controller.abort();
        return Promise.reject(apiCallError(503));
      },
      { service: 'm', budget: createAttemptBudget(10), signal: controller.signal },
    );
    await expect(failure).rejects.toMatchObject({ status: 503 });
    expect(attempts).toBe(1);
  });
});

describe('retry delays', () => {
  it('grows the ceiling per attempt and caps it at 20 s', () => {
    const busy = new UpstreamError('m', 'busy', { status: 503 });
    const nearlyOne = () => 0.999_999;
    expect(retryDelayMs(busy, 1, nearlyOne)).toBe(999);
    expect(retryDelayMs(busy, 3, nearlyOne)).toBe(3999);
    expect(retryDelayMs(busy, 10, nearlyOne)).toBe(19_999);
    expect(retryDelayMs(busy, 3, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    expect(parseRetryAfterSeconds({ 'retry-after': '12' }, NOW_MS)).toBe(12);
    expect(parseRetryAfterSeconds({ 'retry-after': 'Tue, 24 Nov 2026 12:00:30 GMT' }, NOW_MS)).toBe(
      30,
    );
    expect(parseRetryAfterSeconds({ 'retry-after-ms': '1500' }, NOW_MS)).toBe(1.5);
    expect(parseRetryAfterSeconds({ 'retry-after': 'soon' }, NOW_MS)).toBeUndefined();
    expect(parseRetryAfterSeconds({}, NOW_MS)).toBeUndefined();
  });

  it('maps an APICallError to an UpstreamError carrying status and Retry-After', () => {
    const mapped = toUpstreamError(apiCallError(429, { 'retry-after': '4' }), 'bedrock:x', NOW_MS);
    expect(mapped).toBeInstanceOf(UpstreamError);
    expect(mapped).toMatchObject({
      service: 'bedrock:x',
      status: 429,
      retryAfterSeconds: 4,
      retryable: true,
    });
  });
});
