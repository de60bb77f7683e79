// S3 Vectors as the vector store, with the AWS client mocked (aws-sdk-client-mock) and the
// chunks, full text and filters in PGlite. The mock keeps the keys it was given, as the
// service would, so re-ingesting shows which vectors are already there.
import {
  GetVectorsCommand,
  PutVectorsCommand,
  QueryVectorsCommand,
  S3VectorsClient,
  type PutInputVector,
} from '@aws-sdk/client-s3vectors';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KnowledgeConfig, LlmConfig } from '../../src/config.ts';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/index.ts';
import { tagFilter } from '../../src/knowledge/s3-vectors-store.ts';
import {
  startFakeEmbeddingsServer,
  type FakeEmbeddingsServer,
} from '../fakes/embeddings-server.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';

const KNOWLEDGE: KnowledgeConfig = {
  embedder: 'openai-compatible:fake-embed',
  embeddingDimensions: undefined,
  vectorBucket: 'alex-vectors-123456789012',
  vectorIndex: 'financial-research',
  region: 'us-east-1',
};

const s3vectors = mockClient(S3VectorsClient);

describe('knowledge search with S3 Vectors', () => {
  let database: TestDatabase;
  let server: FakeEmbeddingsServer;
  let knowledge: KnowledgeService;
  const stored = new Map<string, PutInputVector>();

  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    server = await startFakeEmbeddingsServer({ dimensions: 16 });
    const llm: LlmConfig = {
      models: {
        planner: 'offline',
        tagger: 'offline',
        reporter: 'offline',
        charter: 'offline',
        retirement: 'offline',
      },
      baseUrl: server.baseUrl,
      bedrockRegion: undefined,
      timeoutMs: 10_000,
      apiKeys: {},
    };
    knowledge = createKnowledgeService({
      db: database.db,
      config: KNOWLEDGE,
      llm,
      vectorAvailable: database.vectorAvailable,
      s3VectorsClient: new S3VectorsClient({ region: 'us-east-1' }),
    });
  });
  beforeEach(() => {
    s3vectors.reset();
    s3vectors.on(PutVectorsCommand).callsFake((input: { vectors: PutInputVector[] }) => {
      for (const vector of input.vectors) stored.set(vector.key ?? '', vector);
      return {};
    });
    s3vectors.on(GetVectorsCommand).callsFake((input: { keys: string[] }) => ({
      vectors: input.keys.filter((key) => stored.has(key)).map((key) => ({ key })),
    }));
  });
  afterAll(async () => {
    s3vectors.restore();
    await server.close();
    await database.close();
  });

  it('puts one vector per chunk, keyed by chunk id, with the note as metadata', async () => {
    const report = await knowledge.ensureStarterCorpus();
    const chunks = (report?.documents ?? []).reduce(
      (total, document) => total + document.chunks,
      0,
    );
    expect(report?.documents.every((document) => document.embedded === document.chunks)).toBe(true);
    expect(stored.size).toBe(chunks);

    const puts = s3vectors.commandCalls(PutVectorsCommand);
    expect(puts[0]?.args[0].input).toMatchObject({
      vectorBucketName: 'alex-vectors-123456789012',
      indexName: 'financial-research',
    });
    const byAge = await knowledge.searchDetailed('age in bonds rule of thumb', { topK: 1 });
    const chunk = byAge.results[0];
    expect(stored.get(chunk?.id ?? '')).toEqual({
      key: chunk?.id,
      data: { float32: expect.any(Array) as number[] },
      metadata: {
        title: 'Asset Allocation by Age — Rules of Thumb and Their Limits',
        source: 'Alex starter corpus',
        tags: ['allocation', 'age', 'bonds', 'equity', 'retirement'],
        text: chunk?.text,
        published: '2026-11-24',
      },
    });
    expect(stored.get(chunk?.id ?? '')?.data?.float32).toHaveLength(16);
  });

  it('does not put vectors again for chunks the index already holds', async () => {
    const report = await knowledge.ingest(['data/knowledge/cash-drag.md']);
    expect(report.documents[0]).toMatchObject({ status: 'unchanged', embedded: 0 });
    expect(s3vectors.commandCalls(GetVectorsCommand)).toHaveLength(1);
    expect(s3vectors.commandCalls(PutVectorsCommand)).toHaveLength(0);
  });

  it('fuses S3 Vectors matches with full text, passing the tag filter and dropping unknown keys', async () => {
    const cashDrag = await knowledge.searchDetailed('cash drag idle cash', { topK: 1 });
    const cashChunk = cashDrag.results[0]?.id ?? '';
    s3vectors.on(QueryVectorsCommand).resolves({
      vectors: [
        { key: 'written-by-another-tool', distance: 0.05 },
        { key: cashChunk, distance: 0.1 },
      ],
      distanceMetric: 'cosine',
    });

    const response = await knowledge.searchDetailed('money sitting idle', {
      topK: 3,
      tags: ['cash', 'liquidity'],
    });
    expect(response.mode.description).toBe(
      'hybrid: full-text + S3 Vectors alex-vectors-123456789012/financial-research (openai-compatible:fake-embed)',
    );
    const query = s3vectors.commandCalls(QueryVectorsCommand).at(-1)?.args[0].input;
    expect(query).toMatchObject({
      vectorBucketName: 'alex-vectors-123456789012',
      indexName: 'financial-research',
      topK: 20,
      returnDistance: true,
      filter: { $or: [{ tags: { $eq: 'cash' } }, { tags: { $eq: 'liquidity' } }] },
    });
    expect(query?.queryVector?.float32).toHaveLength(16);
    const hit = response.results.find((result) => result.id === cashChunk);
    expect(hit?.matchedBy).toContain('vector');
    expect(response.results.map((result) => result.id)).not.toContain('written-by-another-tool');
    // Dropped, but not silently: the index holds keys of another database or corpus.
    expect(response.notices).toEqual([
      '1 vector hit names a chunk this database does not hold (e.g. "written-by-another-tool"): the vector index was filled from another database or corpus; embed this deployment\'s notes with `alex aws kb ingest`',
    ]);
  });

  it('applies the date filter in Postgres to what S3 Vectors returns', async () => {
    const cashDrag = await knowledge.searchDetailed('cash drag idle cash', { topK: 1 });
    s3vectors.on(QueryVectorsCommand).resolves({
      vectors: [{ key: cashDrag.results[0]?.id ?? '', distance: 0.1 }],
      distanceMetric: 'cosine',
    });
    const response = await knowledge.searchDetailed('xyzzy', { publishedFrom: '2030-01-01' });
    expect(response.results).toEqual([]);
    // A known chunk filtered out by date is not an unknown key.
    expect(response.notices).toEqual([]);
  });

  it('falls back to full text with a notice when S3 Vectors fails', async () => {
    s3vectors.on(QueryVectorsCommand).rejects(new Error('AccessDeniedException: not authorized'));
    const response = await knowledge.searchDetailed('rebalancing');
    expect(response.notices).toEqual([
      expect.stringMatching(
        /^vector search failed \(S3 Vectors: QueryVectors failed: AccessDeniedException/,
      ) as string,
    ]);
    expect(response.results.length).toBeGreaterThan(0);
  });
});

describe('tagFilter', () => {
  it('is absent without tags and a plain $eq for one tag', () => {
    expect(tagFilter({})).toBeUndefined();
    expect(tagFilter({ tags: ['bonds'] })).toEqual({ tags: { $eq: 'bonds' } });
  });
});
