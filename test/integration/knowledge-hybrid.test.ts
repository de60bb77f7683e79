// Hybrid search on PGlite (which has pgvector) with the real AI SDK embedding providers talking
// to the fake embeddings server over a socket: vectors are written at ingest, the query is
// embedded at search, and the two rankings are fused. An embedding outage degrades to
// full-text search and is repaired by the next ingest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeConfig, LlmConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/knowledge/embedders.ts';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/index.ts';
import { Secret } from '../../src/secret.ts';
import {
  startFakeEmbeddingsServer,
  type FakeEmbeddingsServer,
} from '../fakes/embeddings-server.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';

const KNOWLEDGE: KnowledgeConfig = {
  embedder: 'openai-compatible:fake-embed',
  embeddingDimensions: undefined,
  vectorBucket: undefined,
  vectorIndex: 'financial-research',
  region: undefined,
};

function llmConfig(baseUrl: string): LlmConfig {
  return {
    models: {
      planner: 'offline',
      tagger: 'offline',
      reporter: 'offline',
      charter: 'offline',
      retirement: 'offline',
    },
    baseUrl,
    bedrockRegion: undefined,
    timeoutMs: 10_000,
    apiKeys: { openai: new Secret('sk-test-openai'), openaiCompatible: new Secret('local-key') },
  };
}

describe('hybrid knowledge search on PGlite with an OpenAI-compatible embedder', () => {
  let database: TestDatabase;
  let server: FakeEmbeddingsServer;
  let knowledge: KnowledgeService;
  let folder: string;

  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    server = await startFakeEmbeddingsServer({ dimensions: 64 });
    knowledge = createKnowledgeService({
      db: database.db,
      config: KNOWLEDGE,
      llm: llmConfig(server.baseUrl),
      vectorAvailable: database.vectorAvailable,
    });
    folder = mkdtempSync(join(tmpdir(), 'alex-hybrid-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await server.close();
    await database.close();
  });

  it('embeds every chunk of the starter corpus, heading included, with the configured key', async () => {
    const report = await knowledge.ensureStarterCorpus();
    // The corpus folder's README is listed as skipped, not ingested.
    const documents = (report?.documents ?? []).filter((document) => document.status === 'added');
    expect(documents).toHaveLength(24);
    expect(documents.every((document) => document.embedded === document.chunks)).toBe(true);
    expect(report?.notices).toEqual([]);
    const inputs = server.requests.flatMap((request) => request.inputs);
    expect(inputs).toHaveLength(documents.reduce((total, document) => total + document.chunks, 0));
    expect(inputs).toContainEqual(
      expect.stringMatching(/^Cash Drag › What it means\n\nCash drag is the reduction/) as string,
    );
    expect(server.requests[0]).toMatchObject({
      path: '/v1/embeddings',
      model: 'fake-embed',
      authorization: 'Bearer local-key',
    });
  });

  it('fuses full-text and vector rankings and finds the allocation-by-age note', async () => {
    const response = await knowledge.searchDetailed('how much should I keep in bonds at my age', {
      topK: 5,
    });
    expect(response.mode.description).toBe(
      'hybrid: full-text + pgvector (openai-compatible:fake-embed)',
    );
    expect(response.notices).toEqual([]);
    expect(response.results[0]?.title).toBe(
      'Asset Allocation by Age — Rules of Thumb and Their Limits',
    );
    expect(response.results[0]?.matchedBy).toEqual(['fulltext', 'vector']);
    expect(server.requests.at(-1)?.inputs).toEqual(['how much should I keep in bonds at my age']);
  });

  it('returns nearest vectors when no word of the query is in any note', async () => {
    const response = await knowledge.searchDetailed('xyzzy plugh', { topK: 3 });
    expect(response.results).toHaveLength(3);
    expect(response.results.every((result) => result.matchedBy.join() === 'vector')).toBe(true);
  });

  it('keeps a document searchable when embedding fails, and embeds it on the next ingest', async () => {
    const path = join(folder, 'annuities.md');
    writeFileSync(
      path,
      '---\ntitle: Annuities\ntags: [annuity-test]\n---\n# Annuities\n\nAn annuity turns savings into lifetime income.',
    );
    server.failNext(1, 400);
    const failed = await knowledge.ingest([path]);
    expect(failed.documents[0]).toMatchObject({ status: 'added', chunks: 1, embedded: 0 });
    expect(failed.notices).toEqual([
      expect.stringMatching(
        /annuities\.md: stored for full-text search, but embedding failed .*the next ingest retries$/,
      ) as string,
    ]);
    const fulltextOnly = await knowledge.searchDetailed('annuity lifetime income', {
      tags: ['annuity-test'],
    });
    expect(fulltextOnly.results.map((result) => result.matchedBy)).toEqual([['fulltext']]);

    const repaired = await knowledge.ingest([path]);
    expect(repaired.documents[0]).toMatchObject({ status: 'unchanged', embedded: 1 });
    const hybrid = await knowledge.searchDetailed('annuity lifetime income', {
      tags: ['annuity-test'],
    });
    expect(hybrid.results.map((result) => result.matchedBy)).toEqual([['fulltext', 'vector']]);
  });

  it('answers from full text with a notice while the embedding service is down', async () => {
    server.failNext(1, 400);
    const response = await knowledge.searchDetailed('rebalancing bands');
    expect(response.notices).toEqual([
      expect.stringMatching(/^vector search failed \(.*\): full-text results only$/) as string,
    ]);
    expect(response.results.length).toBeGreaterThan(0);
    expect(response.results.every((result) => result.matchedBy.join() === 'fulltext')).toBe(true);
  });

  it('ignores vectors of another embedder and fills them in for the new one', async () => {
    const other = createKnowledgeService({
      db: database.db,
      config: { ...KNOWLEDGE, embedder: 'openai-compatible:other-embed', embeddingDimensions: 32 },
      llm: llmConfig(server.baseUrl),
      vectorAvailable: database.vectorAvailable,
    });
    const before = await other.searchDetailed('xyzzy plugh');
    expect(before.results).toEqual([]);
    const report = await other.ingest([join(folder, 'annuities.md')]);
    expect(report.documents[0]).toMatchObject({ status: 'unchanged', embedded: 1 });
    expect(server.requests.at(-1)).toMatchObject({ model: 'other-embed', dimensions: 32 });
    const after = await other.searchDetailed('xyzzy plugh');
    expect(after.results.map((result) => result.title)).toEqual(['Annuities']);
  });
});

describe('OpenAI embedder', () => {
  it('sends the model, the texts and the API key, and returns the vectors in order', async () => {
    const server = await startFakeEmbeddingsServer({ dimensions: 8 });
    try {
      // OpenAI's URL is fixed; a fetch that points it at the fake keeps the real provider code.
      const redirect: typeof fetch = (input, init) =>
        fetch(
          String(input instanceof Request ? input.url : input).replace(
            'https://api.openai.com/v1',
            server.baseUrl,
          ),
          init,
        );
      const embedder = createEmbedder(
        { ...KNOWLEDGE, embedder: 'openai:text-embedding-3-small', embeddingDimensions: 8 },
        llmConfig(server.baseUrl),
        { fetch: redirect },
      );
      const vectors = await embedder?.embed(['bonds', 'stocks']);
      expect(vectors?.map((vector) => vector.length)).toEqual([8, 8]);
      expect(vectors?.[0]).not.toEqual(vectors?.[1]);
      expect(server.requests).toEqual([
        {
          path: '/v1/embeddings',
          authorization: 'Bearer sk-test-openai',
          model: 'text-embedding-3-small',
          inputs: ['bonds', 'stocks'],
          dimensions: 8,
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('asks for the variable to set when a key or URL is missing', () => {
    const llm = { ...llmConfig('http://127.0.0.1:9/v1'), baseUrl: undefined, apiKeys: {} };
    expect(() =>
      createEmbedder({ ...KNOWLEDGE, embedder: 'openai:text-embedding-3-small' }, llm),
    ).toThrow(/OPENAI_API_KEY: is required for ALEX_EMBEDDER=openai:text-embedding-3-small/);
    expect(() => createEmbedder(KNOWLEDGE, llm)).toThrow(/ALEX_LLM_BASE_URL: is required/);
    expect(() =>
      createEmbedder({ ...KNOWLEDGE, embedder: 'bedrock:default', embeddingDimensions: 384 }, llm),
    ).toThrow(/ALEX_EMBEDDING_DIMENSIONS: Titan text embeddings V2 offers 256, 512, 1024/);
  });
});
