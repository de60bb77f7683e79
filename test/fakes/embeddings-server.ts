// A local stand-in for an OpenAI-compatible embeddings endpoint (OpenAI, Ollama, vLLM) on
// 127.0.0.1 and a random port: `POST /v1/embeddings` with `{ model, input }` answers one
// vector per input in the OpenAI shape. Vectors are a hashed bag of words (each word adds
// ±1 to one of `dimensions` buckets, then the vector is scaled to length 1), so texts that
// share words point the same way: deterministic, no model, and good enough to rank notes.
// Every request is recorded; `failNext` makes the next requests answer an HTTP error.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';

const embeddingsRequestSchema = z
  .object({
    model: z.string(),
    input: z.union([z.string(), z.array(z.string())]),
    dimensions: z.number().int().positive().optional(),
  })
  .loose();

export interface RecordedEmbeddingsRequest {
  path: string;
  authorization: string | undefined;
  model: string;
  inputs: string[];
  dimensions: number | undefined;
}

export interface FakeEmbeddingsServer {
  /** `http://127.0.0.1:<port>/v1`, the value for ALEX_LLM_BASE_URL. */
  baseUrl: string;
  requests: RecordedEmbeddingsRequest[];
  /** Answer the next `count` requests with this HTTP status (default 500) instead of vectors. */
  failNext(count?: number, status?: number): void;
  close(): Promise<void>;
}

// Words that would otherwise make every English text look alike.
const STOP_WORDS = new Set(
  'a an and are as at be by for from how i in is it my of on or should the to what when with you your'.split(
    ' ',
  ),
);

/** The fake's vector for a text: a unit-length hashed bag of words. */
export function hashedBagOfWords(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(
    (word) => !STOP_WORDS.has(word),
  );
  for (const word of words) {
    const stem = word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
    const hash = fnv1a(stem);
    const index = hash % dimensions;
    vector[index] = (vector[index] ?? 0) + (hash & 0x8000_0000 ? -1 : 1);
  }
  const length = Math.hypot(...vector);
  // A text with no words still needs a direction: cosine distance of a zero vector is undefined.
  if (length === 0) return vector.map((_, index) => (index === 0 ? 1 : 0));
  return vector.map((component) => component / length);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const character of text) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export async function startFakeEmbeddingsServer(
  options: { dimensions?: number } = {},
): Promise<FakeEmbeddingsServer> {
  const defaultDimensions = options.dimensions ?? 64;
  const requests: RecordedEmbeddingsRequest[] = [];
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = request.url ?? '/';
    const body = await readBody(request);
    if (request.method !== 'POST' || path !== '/v1/embeddings') {
      return send(response, 404, { error: { message: `no route ${request.method} ${path}` } });
    }
    const parsed = parseJson(body, embeddingsRequestSchema, 'embeddings request');
    const inputs = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
    requests.push({
      path,
      authorization: request.headers.authorization,
      model: parsed.model,
      inputs,
      dimensions: parsed.dimensions,
    });
    if (failures.remaining > 0) {
      failures = { ...failures, remaining: failures.remaining - 1 };
      return send(response, failures.status, {
        error: { message: 'scripted failure', type: 'server_error' },
      });
    }
    const dimensions = parsed.dimensions ?? defaultDimensions;
    const tokens = inputs.reduce((total, input) => total + input.split(/\s+/).length, 0);
    send(response, 200, {
      object: 'list',
      model: parsed.model,
      data: inputs.map((input, index) => ({
        object: 'embedding',
        index,
        embedding: hashedBagOfWords(input, dimensions),
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(count = 1, status = 500) {
      failures = { remaining: count, status };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
