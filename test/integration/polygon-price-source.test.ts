// The Polygon price source over real HTTP against the local fake (test/fakes/polygon-server.ts).
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlexError, TimeoutError, UpstreamError } from '../../src/errors.ts';
import {
  createMemoryDailyCloseCache,
  createPolygonPriceSource,
  createStoredPriceSource,
  refreshPrices,
  type DailyCloseCache,
  type PolygonPriceSourceOptions,
} from '../../src/market/index.ts';
import { Secret } from '../../src/secret.ts';
import {
  FIXTURE_TRADING_DATE,
  startFakePolygonServer,
  type FakePolygonServer,
} from '../fakes/polygon-server.ts';

const API_KEY = 'pk-test-3f9a17c2e8';

let server: FakePolygonServer;
let cache: DailyCloseCache;
let nowMs: number;
let waits: number[];

function source(overrides: Partial<PolygonPriceSourceOptions> = {}) {
  return createPolygonPriceSource({
    apiKey: new Secret(API_KEY),
    plan: 'free',
    baseUrl: server.baseUrl,
    cache,
    clock: () => nowMs,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

async function startServer(plan: 'free' | 'paid' = 'free') {
  server = await startFakePolygonServer({ apiKey: API_KEY, plan });
}

beforeEach(async () => {
  await startServer();
  cache = createMemoryDailyCloseCache();
  nowMs = Date.parse('2025-11-24T15:30:00Z');
  waits = [];
});

afterEach(async () => {
  await server.close();
});

describe('free plan', () => {
  it("prices from the last trading day's grouped closes in two requests", async () => {
    const result = await source().getQuotes(['VTI', 'BRK.B', 'ZZZZ']);

    expect(result.quotes).toEqual([
      { symbol: 'VTI', priceUsd: 325.18, source: 'polygon:grouped-daily', asOf: '2025-11-21' },
      { symbol: 'BRK.B', priceUsd: 506.4, source: 'polygon:grouped-daily', asOf: '2025-11-21' },
    ]);
    expect(result.missing).toEqual(['ZZZZ']);
    expect(server.requests.map((request) => request.path)).toEqual([
      '/v2/aggs/ticker/SPY/prev',
      `/v2/aggs/grouped/locale/us/market/stocks/${FIXTURE_TRADING_DATE}`,
    ]);
    expect(server.requests.every((request) => request.credentials === 'bearer')).toBe(true);
    expect(server.requests[1]?.query).toEqual({ adjusted: 'true' });
  });

  it('answers a second refresh of the day from the cache', async () => {
    const first = source();
    await first.getQuotes(['VTI']);
    expect(server.requests).toHaveLength(2);

    const again = await first.getQuotes(['VTI', 'BND']);
    expect(again.quotes.map((quote) => quote.priceUsd)).toEqual([325.18, 74.06]);
    expect(server.requests).toHaveLength(2);

    // A new process shares only the database cache: it asks for the date, not the closes.
    await source().getQuotes(['VTI']);
    expect(server.requests.map((request) => request.endpoint)).toEqual([
      'previous-close',
      'grouped-daily',
      'previous-close',
    ]);

    // After an hour the same process checks the date again; the closes still come from cache.
    nowMs += 61 * 60 * 1000;
    await first.getQuotes(['VTI']);
    expect(server.requestsTo('previous-close')).toHaveLength(3);
    expect(server.requestsTo('grouped-daily')).toHaveLength(1);
  });

  it("looks up BRK-B as Polygon's BRK.B and answers under the caller's spelling", async () => {
    const result = await source().getQuotes(['BRK-B']);
    expect(result.quotes).toEqual([
      { symbol: 'BRK-B', priceUsd: 506.4, source: 'polygon:grouped-daily', asOf: '2025-11-21' },
    ]);
  });

  it('lists tickers Polygon has no bar for as missing', async () => {
    server.removeTickers('VTI');
    const result = await source().getQuotes(['VTI', 'BND']);
    expect(result.quotes.map((quote) => quote.symbol)).toEqual(['BND']);
    expect(result.missing).toEqual(['VTI']);
  });
});

describe('paid plan', () => {
  it("uses the snapshot's day close or last trade, and the last daily close before any trade", async () => {
    await server.close();
    await startServer('paid');

    const result = await source({ plan: 'paid' }).getQuotes([
      'VTI',
      'AAPL',
      'BND',
      'BRK.B',
      'ZZZZ',
    ]);

    expect(result.quotes).toEqual([
      {
        symbol: 'VTI',
        priceUsd: 326.2,
        source: 'polygon:snapshot',
        asOf: '2025-11-24T15:30:00.000Z',
        basis: 'day.c',
      },
      {
        symbol: 'AAPL',
        priceUsd: 269.8,
        source: 'polygon:snapshot',
        asOf: '2025-11-24T15:29:58.000Z',
        basis: 'lastTrade.p',
      },
      {
        symbol: 'BRK.B',
        priceUsd: 505.5,
        source: 'polygon:snapshot',
        asOf: '2025-11-24T15:30:00.000Z',
        basis: 'day.c',
      },
      { symbol: 'BND', priceUsd: 74.06, source: 'polygon:grouped-daily', asOf: '2025-11-21' },
    ]);
    expect(result.missing).toEqual(['ZZZZ']);
    expect(result.notices).toEqual([
      'no trade yet today in the Polygon snapshot for BND: used the last daily close',
    ]);
    expect(server.requests[0]?.query).toEqual({ tickers: 'VTI,AAPL,BND,BRK.B,ZZZZ' });
  });

  it('reports a key without snapshot access as a plan not entitled, without retrying', async () => {
    const error = await source({ plan: 'paid' })
      .getQuotes(['VTI'])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 403, retryable: false });
    expect((error as UpstreamError).message).toMatch(
      /plan is not entitled to this endpoint \(HTTP 403\): You are not entitled to this data/,
    );
    expect(server.requestsTo('snapshot')).toHaveLength(1);
  });
});

describe('failures', () => {
  it('retries a 429 after the Retry-After wait', async () => {
    server.failNext({ kind: 'rate-limit', retryAfterSeconds: 7 }, { endpoint: 'grouped-daily' });
    const result = await source().getQuotes(['VTI']);
    expect(result.quotes[0]?.priceUsd).toBe(325.18);
    expect(waits).toEqual([7000]);
    expect(server.requestsTo('grouped-daily')).toHaveLength(2);
  });

  it('backs off 12 s, then 24 s after 429s without Retry-After on the free plan', async () => {
    server.failNext({ kind: 'rate-limit' }, { endpoint: 'grouped-daily', times: 2 });
    await source().getQuotes(['VTI']);
    expect(waits).toEqual([12_000, 24_000]);
  });

  it('gives up after three attempts with a retryable UpstreamError', async () => {
    server.failNext({ kind: 'rate-limit', retryAfterSeconds: 1 }, { times: 3 });
    const error = await source()
      .getQuotes(['VTI'])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 5xx and then succeeds', async () => {
    server.failNext({ kind: 'server-error' }, { endpoint: 'previous-close' });
    const result = await source().getQuotes(['BND']);
    expect(result.quotes[0]?.priceUsd).toBe(74.06);
    expect(server.requestsTo('previous-close')).toHaveLength(2);
  });

  it.each(['malformed', 'wrong-shape'] as const)(
    'turns a %s body into an UpstreamError, without retrying',
    async (kind) => {
      server.failNext({ kind }, { endpoint: 'grouped-daily' });
      const error = await source()
        .getQuotes(['VTI'])
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).message).toMatch(
        /^polygon: \/v2\/aggs\/grouped\/locale\/us\/market\/stocks\/2025-11-21: malformed response/,
      );
      expect(server.requestsTo('grouped-daily')).toHaveLength(1);
    },
  );

  it('ends a request that never answers with a TimeoutError', async () => {
    server.failNext({ kind: 'hang' }, { times: 3 });
    const error = await source({ timeoutMs: 50 })
      .getQuotes(['VTI'])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
    expect(server.requests).toHaveLength(3);
  });

  it('never lets the API key into errors or logs', async () => {
    const logLines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    const errors: unknown[] = [];
    const capture = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => errors.push(error),
      );

    server.failNext({ kind: 'rate-limit' }, { times: 3 });
    await capture(source({ logger }).getQuotes(['VTI']));
    server.failNext({ kind: 'malformed' });
    await capture(source({ logger }).getQuotes(['VTI']));
    await capture(source({ logger, plan: 'paid' }).getQuotes(['VTI']));
    const wrongKey = 'pk-wrong-77aa01';
    await capture(source({ logger, apiKey: new Secret(wrongKey) }).getQuotes(['VTI']));

    expect(errors).toHaveLength(4);
    expect((errors[3] as UpstreamError).message).toMatch(/API key was rejected \(HTTP 401\)/);
    expect(logLines.length).toBeGreaterThan(0);
    const written = [
      ...logLines,
      ...errors.flatMap((error) => [
        String(error),
        JSON.stringify(error),
        error instanceof AlexError ? String(error.cause) : '',
      ]),
    ].join('\n');
    expect(written).not.toContain(API_KEY);
    expect(written).not.toContain(wrongKey);
    expect(server.requests.every((request) => request.query['apiKey'] === undefined)).toBe(true);
  });
});

describe('refreshPrices over Polygon', () => {
  it('keeps the stored price of a symbol Polygon does not price, flagged stale', async () => {
    server.removeTickers('VXUS');
    const fallback = createStoredPriceSource({
      storedPrices: () =>
        Promise.resolve([
          { symbol: 'VXUS', priceUsd: 61.5, priceSource: 'seed', priceAsOf: '2024-12-31' },
          { symbol: 'VTI', priceUsd: 290, priceSource: 'seed', priceAsOf: '2024-12-31' },
        ]),
    });

    const refresh = await refreshPrices({
      symbols: ['VTI', 'VXUS', 'ZZZZ'],
      source: source(),
      fallback,
    });

    expect(refresh.updated).toEqual([
      { symbol: 'VTI', priceUsd: 325.18, source: 'polygon:grouped-daily', asOf: '2025-11-21' },
    ]);
    expect(refresh.stale).toEqual([
      { symbol: 'VXUS', lastPrice: 61.5, lastSource: 'seed', lastAsOf: '2024-12-31' },
    ]);
    expect(refresh.unpriced).toEqual(['ZZZZ']);
  });
});
