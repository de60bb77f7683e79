import { vi } from 'vitest';
import type { z } from 'zod';
import { jobEventSchema, problemSchema, type JobEvent } from '../../src/contracts/api.ts';

// A fake `fetch` for component tests: the screens run through their real data layer (client,
// TanStack Query hooks, mutations) and this answers their requests. Every JSON answer is
// checked against the contract's zod schema first, so a fixture cannot drift from what the
// server sends. A request no test routed is answered 404 and fails the test (setup.ts).

export interface RecordedRequest {
  method: string;
  /** Path and query, as the app asked for it: `/api/jobs/abc`. */
  path: string;
  body: unknown;
}

type Answer = Response | Promise<Response>;
type Handler = (request: RecordedRequest) => Answer;

/** A JSON answer that the contract schema accepts; throws naming the field when it does not. */
export function json<Schema extends z.ZodType>(
  schema: Schema,
  body: z.input<Schema>,
  status = 200,
): Response {
  const checked = schema.safeParse(body);
  if (!checked.success) {
    throw new Error(`fixture does not match its contract: ${checked.error.message}`);
  }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** An RFC 9457 problem document, as the API answers every error. */
export function problem(
  status: number,
  detail: string,
  errors?: Array<{ field: string; rule: string }>,
): Response {
  const body = { type: 'about:blank', title: 'Error', status, detail, ...(errors && { errors }) };
  const response = json(problemSchema, body, status);
  response.headers.set('content-type', 'application/problem+json');
  return response;
}

/** GET /api/jobs/{id}/events: the given events, then the end of the stream. */
export function eventStream(events: JobEvent[]): Response {
  const text = events
    .map((event, index) => {
      jobEventSchema.parse(event);
      return `id: ${index + 1}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    })
    .join('');
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** An answer the test releases when it wants: the screen stays loading until then. */
export function deferred(): { answer: Promise<Response>; release: (response: Response) => void } {
  let release: (response: Response) => void = () => undefined;
  const answer = new Promise<Response>((resolve) => {
    release = resolve;
  });
  return { answer, release };
}

export class FakeApi {
  /** Every request the app made, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests no route answered. */
  readonly unrouted: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();

  /** Answers `method path` (path with its query, exactly) with the handler's response. */
  on(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** The requests made to one route, oldest first. */
  sent(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://app.test');
    const method = init?.method ?? 'GET';
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      body: text === undefined ? undefined : (JSON.parse(text) as unknown),
    };
    this.requests.push(request);
    const handler = this.routes.get(`${method} ${request.path}`);
    if (!handler) {
      this.unrouted.push(request);
      return problem(404, `no route for ${method} ${request.path} in this test`);
    }
    return handler(request);
  };
}

let current: FakeApi | undefined;

/** Replaces `fetch` for the current test; setup.ts restores it and checks for unrouted calls. */
export function installFakeApi(): FakeApi {
  current = new FakeApi();
  vi.stubGlobal('fetch', current.fetch);
  return current;
}

/** Called after each test: a request the test did not route means the test missed a call. */
export function takeUnroutedRequests(): RecordedRequest[] {
  const unrouted = current?.unrouted ?? [];
  current = undefined;
  return unrouted;
}
