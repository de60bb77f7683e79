import type { z } from 'zod';
import { AlexError, describeError, TimeoutError, UpstreamError } from '../../errors.ts';
import { silentLogger, type Logger } from '../../log.ts';
import { parseJson } from '../../parse-json.ts';
import type { Secret } from '../../secret.ts';
import {
  aggregatesResponseSchema,
  errorResponseSchema,
  snapshotResponseSchema,
  type AggregatesResponse,
  type SnapshotResponse,
} from './response-schemas.ts';
import { systemClock, systemSleep, type Clock, type Sleep, type Throttle } from './throttle.ts';

export interface PolygonClientOptions {
  apiKey: Secret;
  /** `https://api.polygon.io`, or a local fake in tests. */
  baseUrl: string;
  throttle: Throttle;
  /** First wait after a 429 or 5xx without `Retry-After`; doubles per attempt, capped at 60 s. */
  backoffBaseMs: number;
  fetch?: typeof fetch;
  clock?: Clock;
  sleep?: Sleep;
  timeoutMs?: number;
  maxAttempts?: number;
  logger?: Logger;
}

/** The three Polygon endpoints Alex uses; each returns the parsed, lenient body. */
export interface PolygonClient {
  /** `GET /v2/aggs/ticker/{ticker}/prev`: the previous trading day's bar of one ticker. */
  previousClose(ticker: string, signal?: AbortSignal): Promise<AggregatesResponse>;
  /** `GET /v2/aggs/grouped/locale/us/market/stocks/{date}`: every US stock's bar for a date. */
  groupedDaily(date: string, signal?: AbortSignal): Promise<AggregatesResponse>;
  /** `GET /v2/snapshot/locale/us/markets/stocks/tickers?tickers=…`: current snapshots. */
  snapshot(tickers: string[], signal?: AbortSignal): Promise<SnapshotResponse>;
}

// A Polygon call answers in well under a second; 15 s leaves room for the grouped-daily body
// (about 10,000 bars) on a slow link while still failing a hung connection in reasonable time.
const DEFAULT_TIMEOUT_MS = 15_000;
// Three attempts ride out one 429 or one 5xx blip; more would only delay the stale-price
// fallback, which is the honest answer when Polygon keeps failing.
const DEFAULT_MAX_ATTEMPTS = 3;
// STYLE.md: honour Retry-After up to 60 s; never wait longer than that between attempts.
const MAX_RETRY_WAIT_MS = 60_000;

export function createPolygonClient(options: PolygonClientOptions): PolygonClient {
  const fetchImpl = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? systemSleep;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const logger = options.logger ?? silentLogger();
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  // The key travels only in the Authorization header, never in a URL, so no URL we print
  // can carry it; `redact` is a second guard for text that came back from the server.
  const authorization = `Bearer ${options.apiKey.reveal()}`;
  const redact = (text: string) => text.split(options.apiKey.reveal()).join('[redacted]');

  async function getJson<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    signal: AbortSignal | undefined,
  ): Promise<z.infer<Schema>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await attemptOnce(path, schema, signal);
      } catch (error) {
        if (!(error instanceof AlexError) || !error.retryable || attempt >= maxAttempts) {
          throw error;
        }
        const waitMs = retryWaitMs(error, attempt);
        logger.warn(
          { event: 'polygon-retry', path: pathOnly(path), attempt, waitMs },
          error.message,
        );
        await sleep(waitMs, signal);
      }
    }
  }

  async function attemptOnce<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    signal: AbortSignal | undefined,
  ): Promise<z.infer<Schema>> {
    await options.throttle.acquire(signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        headers: { authorization, accept: 'application/json' },
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) throw new TimeoutError(`polygon ${pathOnly(path)}`, timeoutMs);
      throw new UpstreamError(
        'polygon',
        `${pathOnly(path)}: request failed (${redact(describeCause(error))})`,
      );
    }
    if (!response.ok) throw statusError(pathOnly(path), response, text);
    try {
      return parseJson(text, schema, 'polygon response');
    } catch (error) {
      throw new UpstreamError(
        'polygon',
        `${pathOnly(path)}: malformed response (${redact(describeError(error)).slice(0, 300)})`,
        { status: response.status, retryable: false },
        { cause: error },
      );
    }
  }

  function statusError(path: string, response: Response, body: string): UpstreamError {
    const status = response.status;
    const said = redact(errorMessageOf(body));
    const detail = said ? `: ${said}` : '';
    if (status === 403) {
      return new UpstreamError(
        'polygon',
        `${path}: the Polygon plan is not entitled to this endpoint (HTTP 403)${detail}. ` +
          'Set POLYGON_PLAN=free unless the key belongs to a paid plan.',
        { status, retryable: false },
      );
    }
    if (status === 401) {
      return new UpstreamError(
        'polygon',
        `${path}: the API key was rejected (HTTP 401)${detail}; check POLYGON_API_KEY`,
        { status, retryable: false },
      );
    }
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), clock());
    const what = status === 429 ? 'rate limited (HTTP 429)' : `HTTP ${status}`;
    return new UpstreamError('polygon', `${path}: ${what}${detail}`, {
      status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }

  function retryWaitMs(error: AlexError, attempt: number): number {
    if (error instanceof UpstreamError && error.retryAfterSeconds !== undefined) {
      return Math.min(error.retryAfterSeconds * 1000, MAX_RETRY_WAIT_MS);
    }
    return Math.min(options.backoffBaseMs * 2 ** (attempt - 1), MAX_RETRY_WAIT_MS);
  }

  return {
    previousClose(ticker, signal) {
      const path = `/v2/aggs/ticker/${encodeURIComponent(ticker)}/prev?adjusted=true`;
      return getJson(path, aggregatesResponseSchema, signal);
    },
    groupedDaily(date, signal) {
      const path = `/v2/aggs/grouped/locale/us/market/stocks/${encodeURIComponent(date)}?adjusted=true`;
      return getJson(path, aggregatesResponseSchema, signal);
    },
    snapshot(tickers, signal) {
      const query = new URLSearchParams({ tickers: tickers.join(',') });
      const path = `/v2/snapshot/locale/us/markets/stocks/tickers?${query.toString()}`;
      return getJson(path, snapshotResponseSchema, signal);
    },
  };
}

function pathOnly(path: string): string {
  return path.split('?')[0] ?? path;
}

/** `Retry-After` is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

function errorMessageOf(body: string): string {
  try {
    const parsed = parseJson(body, errorResponseSchema, 'polygon error');
    return (parsed.message ?? parsed.error ?? '').slice(0, 200);
  } catch {
    return '';
  }
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  return cause ? `${describeError(error)}: ${cause.message}` : describeError(error);
}
