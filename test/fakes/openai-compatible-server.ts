// A local stand-in for an OpenAI-compatible server (Ollama, vLLM, LM Studio) on 127.0.0.1 and a
// random port. `POST /v1/chat/completions` answers from a script, one response per request in
// order: assistant JSON content (a structured answer), text, tool calls, or a failure (429 with
// Retry-After, 500, a hang that only ends when the client gives up or the server closes, or a
// 200 whose body is not JSON), any of them held back until the test releases it. Every request
// is recorded. Responses have the chat completions shape, `usage` included, as the real
// `@ai-sdk/openai-compatible` provider expects.
// Requests made concurrently (the three specialists of a job) arrive in no fixed order; give
// each agent its own model name and script it with `scriptFor(model, …)`, which serves the
// requests naming that model from their own script before the shared one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';

export interface FakeUsage {
  /** Reported as `usage.prompt_tokens`. */
  promptTokens: number;
  /** Reported as `usage.completion_tokens`. */
  completionTokens: number;
}

export type FakeResponse =
  /** The assistant's message content is `value` as JSON text. */
  | { kind: 'json'; value: unknown; usage?: FakeUsage }
  | { kind: 'text'; text: string; usage?: FakeUsage }
  | { kind: 'tool-calls'; calls: { name: string; arguments: unknown }[]; usage?: FakeUsage }
  | { kind: 'rate-limited'; retryAfter: string }
  | { kind: 'server-error'; status?: number }
  /** Never answers; the client's timeout has to end the request. */
  | { kind: 'hang' }
  /** A 200 whose body is cut off mid-JSON. */
  | { kind: 'malformed-json' }
  /** A 401 that quotes the key it was sent, as OpenAI's "Incorrect API key provided" does. */
  | { kind: 'unauthorized-echoing-key' }
  /** `then`, sent only once `until` resolves: holds an agent mid-run while a test looks on. */
  | { kind: 'held'; until: Promise<unknown>; then: FakeResponse };

/** Builders for the script, e.g. `fake.json({ ... })`, `fake.rateLimited('2')`. */
export const fake = {
  json: (value: unknown, usage?: FakeUsage): FakeResponse => ({
    kind: 'json',
    value,
    ...(usage ? { usage } : {}),
  }),
  text: (text: string, usage?: FakeUsage): FakeResponse => ({
    kind: 'text',
    text,
    ...(usage ? { usage } : {}),
  }),
  toolCall: (name: string, input: unknown, usage?: FakeUsage): FakeResponse => ({
    kind: 'tool-calls',
    calls: [{ name, arguments: input }],
    ...(usage ? { usage } : {}),
  }),
  rateLimited: (retryAfter: string): FakeResponse => ({ kind: 'rate-limited', retryAfter }),
  serverError: (status = 500): FakeResponse => ({ kind: 'server-error', status }),
  hang: (): FakeResponse => ({ kind: 'hang' }),
  malformedJson: (): FakeResponse => ({ kind: 'malformed-json' }),
  unauthorizedEchoingKey: (): FakeResponse => ({ kind: 'unauthorized-echoing-key' }),
  heldUntil: (until: Promise<unknown>, then: FakeResponse): FakeResponse => ({
    kind: 'held',
    until,
    then,
  }),
};

/** Usage reported when a scripted response does not say. */
export const DEFAULT_FAKE_USAGE: FakeUsage = { promptTokens: 12, completionTokens: 8 };

const chatRequestSchema = z
  .object({
    model: z.string(),
    messages: z.array(z.object({ role: z.string(), content: z.unknown() }).loose()),
    tools: z
      .array(z.object({ function: z.object({ name: z.string() }).loose() }).loose())
      .optional(),
    response_format: z.object({ type: z.string() }).loose().optional(),
  })
  .loose();
export type ChatRequestBody = z.infer<typeof chatRequestSchema>;

export interface RecordedRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Request path, e.g. `/v1/chat/completions`. */
  path: string;
  /** The `authorization` header, if any. */
  authorization: string | undefined;
  /** The parsed chat completions request; undefined for other paths. */
  body: ChatRequestBody | undefined;
}

export interface FakeOpenAiServer {
  /** Base URL to give the provider, ending in `/v1`. */
  baseUrl: string;
  /** Appends responses to the script. */
  script(responses: FakeResponse[]): void;
  /**
   * Appends responses for the requests whose `model` is `model` (the id after the provider,
   * e.g. `fake-reporter` for `openai-compatible:fake-reporter`). Such a request takes the next
   * of these while any are left, and the shared script's next otherwise.
   */
  scriptFor(model: string, responses: FakeResponse[]): void;
  /** Responses scripted but not yet served (the shared script and every model's). */
  readonly remaining: number;
  /** Drops every response not yet served, so the next test starts from an empty script. */
  discardScript(): void;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** `hang` responses whose connection the client has not closed yet. */
  readonly openHangs: number;
  /** Resolves once every `hang` response so far has been given up by the client. */
  hangsClosed(): Promise<void>;
  /** Stops listening and drops open connections, hanging ones included. */
  close(): Promise<void>;
}

export interface FakeOpenAiServerOptions {
  /** Called with each request as it is recorded, before it is answered. */
  onRequest?: (request: RecordedRequest) => void;
}

export async function startFakeOpenAiServer(
  options: FakeOpenAiServerOptions = {},
): Promise<FakeOpenAiServer> {
  const queue: FakeResponse[] = [];
  const byModel = new Map<string, FakeResponse[]>();
  const requests: RecordedRequest[] = [];
  let served = 0;
  let openHangs = 0;
  let hangWaiters: (() => void)[] = [];
  const holdOpen = (response: ServerResponse) => {
    openHangs += 1;
    response.on('close', () => {
      openHangs -= 1;
      if (openHangs > 0) return;
      for (const wake of hangWaiters) wake();
      hangWaiters = [];
    });
  };

  const handle = (request: IncomingMessage, response: ServerResponse, text: string) => {
    const isChat = request.method === 'POST' && request.url === '/v1/chat/completions';
    const body = isChat ? parseJson(text, chatRequestSchema, 'request body') : undefined;
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      authorization: request.headers.authorization,
      body,
    };
    requests.push(recorded);
    options.onRequest?.(recorded);
    if (!body) {
      sendJson(response, 404, { error: { message: `no route for ${request.url}` } });
      return;
    }
    const next = byModel.get(body.model)?.shift() ?? queue.shift();
    served += 1;
    if (!next) {
      // 400 is not retried, so a test that under-scripted fails at once with this message.
      sendJson(response, 400, {
        error: { message: `fake server: request ${served} has no scripted response` },
      });
      return;
    }
    if (next.kind === 'hang') holdOpen(response);
    answer(response, next, body.model, served, request.headers.authorization);
  };

  const server = createServer((request, response) => {
    readBody(request)
      .then((text) => handle(request, response, text))
      .catch((error: unknown) => {
        sendJson(response, 400, { error: { message: `fake server: ${String(error)}` } });
      });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script(responses) {
      queue.push(...responses);
    },
    scriptFor(model, responses) {
      byModel.set(model, [...(byModel.get(model) ?? []), ...responses]);
    },
    get remaining() {
      let count = queue.length;
      for (const responses of byModel.values()) count += responses.length;
      return count;
    },
    discardScript() {
      queue.length = 0;
      byModel.clear();
    },
    requests,
    get openHangs() {
      return openHangs;
    },
    hangsClosed: () =>
      openHangs === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            hangWaiters.push(resolve);
          }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function answer(
  response: ServerResponse,
  next: FakeResponse,
  model: string,
  number: number,
  authorization: string | undefined,
) {
  switch (next.kind) {
    case 'json':
      sendJson(response, 200, completion(model, number, JSON.stringify(next.value), next.usage));
      return;
    case 'text':
      sendJson(response, 200, completion(model, number, next.text, next.usage));
      return;
    case 'tool-calls':
      sendJson(response, 200, toolCallCompletion(model, number, next.calls, next.usage));
      return;
    case 'rate-limited':
      sendJson(
        response,
        429,
        { error: { message: 'Rate limit reached', type: 'rate_limit_error' } },
        { 'retry-after': next.retryAfter },
      );
      return;
    case 'server-error':
      sendJson(response, next.status ?? 500, {
        error: { message: 'The server had an error', type: 'server_error' },
      });
      return;
    case 'hang':
      return;
    case 'malformed-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":"chatcmpl-broken","choices":[{"message":{"content":"unfinis');
      return;
    case 'held':
      void next.until.then(() => {
        // The client may have given up meanwhile; then there is no one left to answer.
        if (!response.destroyed) answer(response, next.then, model, number, authorization);
      });
      return;
    case 'unauthorized-echoing-key': {
      const key = authorization?.replace(/^Bearer /, '') ?? '';
      sendJson(response, 401, {
        error: {
          message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
      return;
    }
  }
}

function completion(model: string, number: number, content: string, usage?: FakeUsage) {
  return envelope(model, number, { role: 'assistant', content }, 'stop', usage);
}

function toolCallCompletion(
  model: string,
  number: number,
  calls: { name: string; arguments: unknown }[],
  usage?: FakeUsage,
) {
  const toolCalls = calls.map((call, index) => ({
    id: `call_${number}_${index + 1}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
  return envelope(
    model,
    number,
    { role: 'assistant', content: null, tool_calls: toolCalls },
    'tool_calls',
    usage,
  );
}

function envelope(
  model: string,
  number: number,
  message: Record<string, unknown>,
  finishReason: string,
  usage: FakeUsage = DEFAULT_FAKE_USAGE,
) {
  return {
    id: `chatcmpl-fake-${number}`,
    object: 'chat.completion',
    created: 1_764_000_000,
    model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
