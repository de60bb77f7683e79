import { setTimeout as sleepFor } from 'node:timers/promises';
import { APICallError } from 'ai';
import { AlexError, UpstreamError, describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { AttemptBudget } from './attempt-budget.ts';

// The one retry policy for model calls (the AI SDK's own retries are switched off with
// `maxRetries: 0`). Retried: 408/409/429/5xx, network failures and our per-call timeouts.
//
// MAX_ATTEMPTS_PER_CALL: a first try and three retries. With full jitter the three backoff
// waits average 0.5 + 1 + 2 = 3.5 s (at most 7 s), enough to ride out a blip; a provider that is
// still failing after that is down, and the job's attempt budget is better kept for other agents.
export const MAX_ATTEMPTS_PER_CALL = 4;
// BASE_BACKOFF_MS doubles per retry (1 s, 2 s, 4 s, …) up to MAX_BACKOFF_MS; the actual wait is
// a uniform draw below that ceiling ("full jitter"), so many workers hit by the same outage do
// not come back in lockstep.
export const BASE_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 20_000;
// A Retry-After up to 60 s is obeyed exactly: the provider knows when its window reopens. A
// longer one (an exhausted daily quota) is not worth holding a worker for; the call fails at
// once with the wait the provider asked for, rather than retrying into certain 429s.
export const MAX_RETRY_AFTER_SECONDS = 60;

/** Time and chance, injected so tests neither wait nor depend on luck. */
export interface RetryDependencies {
  /** Waits `delayMs`, or rejects when `signal` aborts. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1), for jitter. */
  random(): number;
  /** Milliseconds since the epoch, for `Retry-After` given as an HTTP date. */
  now(): number;
}

export const realRetryDependencies: RetryDependencies = {
  sleep: async (delayMs, signal) => {
    await sleepFor(delayMs, undefined, signal ? { signal } : {});
  },
  random: Math.random,
  now: Date.now,
};

export interface RetryOptions {
  /** Names the remote service in errors and logs, e.g. `openai-compatible:qwen3`. */
  service: string;
  /** The job's shared budget; each attempt takes one. */
  budget: AttemptBudget;
  /** Cancels waiting and further attempts. */
  signal?: AbortSignal | undefined;
  /** Receives one warning per retry, with the wait and the error. */
  logger?: Logger | undefined;
  /** Replaces sleeping, jitter and the clock (tests); real ones otherwise. */
  dependencies?: Partial<RetryDependencies> | undefined;
}

/**
 * Runs `operation` until it succeeds, its error is not retryable, this call has made
 * MAX_ATTEMPTS_PER_CALL attempts, or the job's budget is spent. Errors come out as our own
 * (`UpstreamError`, `TimeoutError`, …), never as raw AI SDK errors.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const dependencies = { ...realRetryDependencies, ...options.dependencies };
  let lastError: unknown;
  for (let attempt = 1; ; attempt += 1) {
    if (!options.budget.tryTake()) throw budgetExhausted(options, lastError);
    try {
      return await operation(attempt);
    } catch (raw) {
      const error = toUpstreamError(raw, options.service, dependencies.now());
      if (options.signal?.aborted || !isRetryable(error) || attempt >= MAX_ATTEMPTS_PER_CALL) {
        throw error;
      }
      const delayMs = retryDelayMs(error, attempt, dependencies.random);
      options.logger?.warn(
        {
          event: 'llm-retry',
          model: options.service,
          attempt,
          delayMs,
          error: describeError(error),
        },
        'model call failed; retrying',
      );
      lastError = error;
      await dependencies.sleep(delayMs, options.signal);
    }
  }
}

/** The wait before retry number `attempt`: the provider's Retry-After, else full-jitter backoff. */
export function retryDelayMs(error: AlexError, attempt: number, random: () => number): number {
  if (error instanceof UpstreamError && error.retryAfterSeconds !== undefined) {
    if (error.retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) {
      throw new UpstreamError(
        error.service,
        `asked to retry after ${error.retryAfterSeconds} s, longer than the ${MAX_RETRY_AFTER_SECONDS} s a call may wait (${error.message})`,
        { ...statusOf(error), retryAfterSeconds: error.retryAfterSeconds, retryable: false },
        { cause: error },
      );
    }
    return error.retryAfterSeconds * 1000;
  }
  const ceilingMs = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
  return Math.floor(random() * ceilingMs);
}

/** Maps an AI SDK `APICallError` to an `UpstreamError`; every other value passes through. */
export function toUpstreamError(error: unknown, service: string, nowMs: number): unknown {
  if (!APICallError.isInstance(error)) return error;
  const status = error.statusCode;
  const retryAfterSeconds = parseRetryAfterSeconds(error.responseHeaders, nowMs);
  return new UpstreamError(
    service,
    status === undefined ? error.message : `HTTP ${status}: ${error.message}`,
    {
      ...(status === undefined ? {} : { status }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      retryable: error.isRetryable,
    },
    { cause: error },
  );
}

/**
 * Seconds to wait from `retry-after-ms` (OpenAI's extension) or `retry-after` (seconds or an
 * HTTP date, RFC 9110 §10.2.3); undefined when absent or unreadable.
 */
export function parseRetryAfterSeconds(
  headers: Record<string, string> | undefined,
  nowMs: number,
): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(milliseconds)) {
    return Math.max(0, milliseconds / 1000);
  }
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

function isRetryable(error: unknown): error is AlexError {
  return error instanceof AlexError && error.retryable;
}

function budgetExhausted(options: RetryOptions, lastError: unknown): UpstreamError {
  const last = lastError === undefined ? '' : `; last error: ${describeError(lastError)}`;
  return new UpstreamError(
    options.service,
    `attempt budget exhausted: the job has used all ${options.budget.limit} model requests it may make${last}`,
    { retryable: false },
    lastError === undefined ? undefined : { cause: lastError },
  );
}

function statusOf(error: UpstreamError): { status?: number } {
  return error.status === undefined ? {} : { status: error.status };
}
