// A local stand-in for api.polygon.io on 127.0.0.1, serving the hand-written response shapes
// in src/market/polygon/__fixtures__ over real HTTP. Tests choose the plan the key belongs to,
// remove tickers from the market, queue failures (429, 403, malformed bodies, 5xx, hangs) and
// read the request log.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';

export type PolygonEndpoint = 'previous-close' | 'grouped-daily' | 'snapshot' | 'unknown';

export type PolygonFailure =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'not-entitled' }
  | { kind: 'server-error' }
  /** A 200 whose body is cut off mid-JSON. */
  | { kind: 'malformed' }
  /** A 200 with valid JSON of the wrong shape. */
  | { kind: 'wrong-shape' }
  /** Never answers; the client's timeout has to end the request. */
  | { kind: 'hang' };

export interface RecordedRequest {
  endpoint: PolygonEndpoint;
  path: string;
  /** Query parameters, with any `apiKey` value replaced by `[present]`. */
  query: Record<string, string>;
  /** How the key was sent. */
  credentials: 'bearer' | 'query' | 'none';
}

export interface FakePolygonOptions {
  /** The only key the fake accepts; others get 401. */
  apiKey: string;
  /** `free` keys get 403 from the snapshot endpoint, as on Polygon. Default `free`. */
  plan?: 'free' | 'paid';
  /** A 401 quotes the key it was sent (a careless provider), to test that it is redacted. */
  echoRejectedKey?: boolean;
}

export interface FakePolygonServer {
  baseUrl: string;
  requests: RecordedRequest[];
  requestsTo(endpoint: PolygonEndpoint): RecordedRequest[];
  /** Answer the next matching request(s) with a failure instead of data. */
  failNext(failure: PolygonFailure, options?: { endpoint?: PolygonEndpoint; times?: number }): void;
  /** Remove tickers from every answer, as if Polygon had no data for them. */
  removeTickers(...tickers: string[]): void;
  close(): Promise<void>;
}

/** The trading date of the fixtures' daily bars. */
export const FIXTURE_TRADING_DATE = '2025-11-21';

const objectSchema = z.record(z.string(), z.unknown());
const barsSchema = z.object({ results: z.array(z.object({ T: z.string() }).loose()) }).loose();
const snapshotSchema = z
  .object({ tickers: z.array(z.object({ ticker: z.string() }).loose()) })
  .loose();

function fixture<Schema extends z.ZodType>(name: string, schema: Schema): z.infer<Schema> {
  const url = new URL(`../../src/market/polygon/__fixtures__/${name}`, import.meta.url);
  return parseJson(readFileSync(url, 'utf8'), schema, name);
}

export async function startFakePolygonServer(
  options: FakePolygonOptions,
): Promise<FakePolygonServer> {
  const plan = options.plan ?? 'free';
  const previousClose = fixture('previous-close-spy.json', objectSchema);
  const grouped = fixture('grouped-daily.json', barsSchema);
  const holiday = fixture('grouped-daily-holiday.json', objectSchema);
  const snapshot = fixture('snapshot-tickers.json', snapshotSchema);
  const notAuthorized = fixture('not-authorized.json', objectSchema);
  const rateLimited = fixture('rate-limited.json', objectSchema);
  const unknownKey = fixture('unknown-api-key.json', objectSchema);

  const requests: RecordedRequest[] = [];
  const failures: Array<{ failure: PolygonFailure; endpoint?: PolygonEndpoint; times: number }> =
    [];
  const removed = new Set<string>();
  const present = (ticker: string) => !removed.has(ticker);

  function route(url: URL): { endpoint: PolygonEndpoint; respond: () => [number, unknown] } {
    const path = url.pathname;
    const previous = /^\/v2\/aggs\/ticker\/([^/]+)\/prev$/.exec(path);
    if (previous) {
      const ticker = decodeURIComponent(previous[1] ?? '');
      const bar = grouped.results.find((entry) => entry.T === ticker && present(ticker));
      const body = bar
        ? { ...previousClose, ticker, results: [bar] }
        : {
            ticker,
            queryCount: 0,
            resultsCount: 0,
            adjusted: true,
            status: 'OK',
            request_id: 'fake',
          };
      return { endpoint: 'previous-close', respond: () => [200, body] };
    }
    const groupedDate = /^\/v2\/aggs\/grouped\/locale\/us\/market\/stocks\/([^/]+)$/.exec(path);
    if (groupedDate) {
      if (groupedDate[1] !== FIXTURE_TRADING_DATE) {
        return { endpoint: 'grouped-daily', respond: () => [200, holiday] };
      }
      const results = grouped.results.filter((entry) => present(entry.T));
      const body = {
        ...grouped,
        results,
        resultsCount: results.length,
        queryCount: results.length,
        count: results.length,
      };
      return { endpoint: 'grouped-daily', respond: () => [200, body] };
    }
    if (path === '/v2/snapshot/locale/us/markets/stocks/tickers') {
      if (plan === 'free') return { endpoint: 'snapshot', respond: () => [403, notAuthorized] };
      const wanted = new Set((url.searchParams.get('tickers') ?? '').split(',').filter(Boolean));
      const tickers = snapshot.tickers.filter(
        (entry) => present(entry.ticker) && (wanted.size === 0 || wanted.has(entry.ticker)),
      );
      return {
        endpoint: 'snapshot',
        respond: () => [200, { ...snapshot, tickers, count: tickers.length }],
      };
    }
    return {
      endpoint: 'unknown',
      respond: () => [404, { status: 'NOT_FOUND', request_id: 'fake', message: 'Route not found' }],
    };
  }

  function takeFailure(endpoint: PolygonEndpoint): PolygonFailure | undefined {
    const index = failures.findIndex((entry) => !entry.endpoint || entry.endpoint === endpoint);
    const entry = failures[index];
    if (!entry) return undefined;
    entry.times -= 1;
    if (entry.times <= 0) failures.splice(index, 1);
    return entry.failure;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const { endpoint, respond } = route(url);
    const bearer = request.headers.authorization;
    const queryKey = url.searchParams.get('apiKey');
    const query = Object.fromEntries(url.searchParams);
    if (queryKey !== null) query['apiKey'] = '[present]';
    requests.push({
      endpoint,
      path: url.pathname,
      query,
      credentials: bearer ? 'bearer' : queryKey !== null ? 'query' : 'none',
    });

    const key = bearer?.replace(/^Bearer /, '') ?? queryKey;
    if (key !== options.apiKey) {
      const body = options.echoRejectedKey
        ? { ...unknownKey, error: `Unknown API Key: ${key ?? ''}` }
        : unknownKey;
      return send(response, 401, body);
    }
    const failure = takeFailure(endpoint);
    if (!failure) {
      const [status, body] = respond();
      return send(response, status, body);
    }
    switch (failure.kind) {
      case 'rate-limit': {
        const headers: Record<string, string> = {};
        if (failure.retryAfterSeconds !== undefined) {
          headers['retry-after'] = String(failure.retryAfterSeconds);
        }
        return send(response, 429, rateLimited, headers);
      }
      case 'not-entitled':
        return send(response, 403, notAuthorized);
      case 'server-error':
        return send(response, 502, { status: 'ERROR', request_id: 'fake', error: 'Bad gateway' });
      case 'malformed':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"OK","results":[{"T":"SPY","c":659.0');
        return;
      case 'wrong-shape':
        return send(response, 200, { status: 'OK', results: 'not a list', tickers: 42 });
      case 'hang':
        return;
    }
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (endpoint) => requests.filter((request) => request.endpoint === endpoint),
    failNext(failure, failOptions = {}) {
      failures.push({
        failure,
        times: failOptions.times ?? 1,
        ...(failOptions.endpoint ? { endpoint: failOptions.endpoint } : {}),
      });
    },
    removeTickers(...tickers) {
      for (const ticker of tickers) removed.add(ticker);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
