// The knowledge base on every engine, full-text only: the starter corpus, dedupe and updates,
// filters, and the notice that says why search is not hybrid. On the development machines'
// PostgreSQL there is no pgvector, so an embedder configured there must be reported unused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeSearch } from '../../src/agents/agent.ts';
import type { KnowledgeConfig, LlmConfig } from '../../src/config.ts';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/index.ts';
import { startFakeEmbeddingsServer } from '../fakes/embeddings-server.ts';
import { DATABASE_ENGINES, postgresSkipReason, type TestDatabase } from '../helpers/database.ts';

const NO_EMBEDDER: KnowledgeConfig = {
  embedder: undefined,
  embeddingDimensions: undefined,
  vectorBucket: undefined,
  vectorIndex: 'financial-research',
  region: undefined,
};
const LLM: LlmConfig = {
  models: {
    planner: 'offline',
    tagger: 'offline',
    reporter: 'offline',
    charter: 'offline',
    retirement: 'offline',
  },
  baseUrl: 'http://127.0.0.1:9/v1',
  bedrockRegion: undefined,
  timeoutMs: 10_000,
  apiKeys: {},
};

function note(front: Record<string, string>, body: string): string {
  const lines = Object.entries(front).map(([key, value]) => `${key}: ${value}`);
  return ['---', ...lines, '---', body].join('\n');
}

for (const engine of DATABASE_ENGINES) {
  describe.skipIf(!engine.available)(
    `knowledge base, full text, on ${engine.name}${engine.available ? '' : ` (${postgresSkipReason})`}`,
    () => {
      let database: TestDatabase;
      let knowledge: KnowledgeService;
      let folder: string;

      beforeAll(async () => {
        database = await engine.create();
        knowledge = createKnowledgeService({
          db: database.db,
          config: NO_EMBEDDER,
          llm: LLM,
          vectorAvailable: database.vectorAvailable,
        });
        folder = mkdtempSync(join(tmpdir(), 'alex-knowledge-'));
      });
      afterAll(async () => {
        rmSync(folder, { recursive: true, force: true });
        await database.close();
      });

      it('loads the starter corpus once, skipping its README', async () => {
        const first = await knowledge.ensureStarterCorpus();
        const added = first?.documents.filter((document) => document.status === 'added');
        expect(added).toHaveLength(24);
        expect(first?.documents.filter((document) => document.status !== 'added')).toEqual([
          expect.objectContaining({ origin: 'data/knowledge/README.md', status: 'skipped' }),
        ]);
        expect(first?.documents.map((document) => document.origin)).toContain(
          'data/knowledge/asset-allocation-by-age.md',
        );
        expect(await knowledge.ensureStarterCorpus()).toBeUndefined();
        const listed = await knowledge.list();
        expect(listed).toHaveLength(24);
        const byAge = listed.find((document) =>
          document.origin.endsWith('asset-allocation-by-age.md'),
        );
        expect(byAge).toMatchObject({
          title: 'Asset Allocation by Age — Rules of Thumb and Their Limits',
          source: 'Alex starter corpus',
          published: '2026-11-24',
          tags: ['allocation', 'age', 'bonds', 'equity', 'retirement'],
        });
        expect(byAge?.chunkCount).toBeGreaterThanOrEqual(4);
      });

      it('answers a natural question with the allocation-by-age note, and says it is full-text only', async () => {
        const response = await knowledge.searchDetailed(
          'how much should I keep in bonds at my age',
          {
            topK: 3,
          },
        );
        expect(response.mode.kind).toBe('fulltext');
        expect(response.notices).toEqual([
          'full-text only: no embedder configured (set ALEX_EMBEDDER for hybrid search)',
        ]);
        expect(response.results[0]?.title).toBe(
          'Asset Allocation by Age — Rules of Thumb and Their Limits',
        );
        expect(response.results[0]?.matchedBy).toEqual(['fulltext']);
        expect(response.results[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(response.results.length).toBe(3);
        const scores = response.results.map((result) => result.score);
        expect([...scores].sort((left, right) => right - left)).toEqual(scores);
      });

      it('serves the agents’ port: snippets with chunk ids, titles and sources', async () => {
        const port: KnowledgeSearch = knowledge;
        const snippets = await port.search('sequence of returns risk', { topK: 2 });
        expect(snippets).toHaveLength(2);
        expect(snippets[0]).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
          title: 'Sequence-of-Returns Risk',
          source: 'Alex starter corpus',
          text: expect.any(String) as string,
          score: expect.any(Number) as number,
        });
      });

      it('filters by any of the tags and by date', async () => {
        writeFileSync(
          join(folder, 'old.md'),
          note(
            { title: 'Old bond note', date: '2020-03-01', tags: '[bonds, archive]' },
            'Bond ladders explained.',
          ),
        );
        writeFileSync(
          join(folder, 'new.md'),
          note(
            { title: 'New bond note', date: '2025-06-01', tags: '[bonds, archive]' },
            'Bond ladders revisited.',
          ),
        );
        const report = await knowledge.ingest([folder]);
        expect(report.documents.map((document) => document.status)).toEqual(['added', 'added']);

        const tagged = await knowledge.searchDetailed('bond ladders', { tags: ['ARCHIVE'] });
        expect(tagged.results.map((result) => result.title).sort()).toEqual([
          'New bond note',
          'Old bond note',
        ]);
        const recent = await knowledge.searchDetailed('bond ladders', {
          tags: ['archive'],
          publishedFrom: '2024-01-01',
        });
        expect(recent.results.map((result) => result.title)).toEqual(['New bond note']);
        const early = await knowledge.searchDetailed('bond ladders', { publishedTo: '2021-12-31' });
        expect(early.results.map((result) => result.title)).toEqual(['Old bond note']);
        const taxOnly = await knowledge.searchDetailed('bonds', { tags: ['tax'] });
        expect(taxOnly.results.length).toBeGreaterThan(0);
        expect(taxOnly.results.every((result) => result.tags.includes('tax'))).toBe(true);
      });

      it('skips unchanged documents, updates an edited one in place and keeps untouched chunk ids', async () => {
        const path = join(folder, 'edited.md');
        const sections = (last: string) =>
          note(
            { title: 'Edited note', tags: '[drafts]' },
            `# Edited note\n\n## Stable\n\nThis paragraph about glide paths does not change.\n\n## Changing\n\n${last}`,
          );
        writeFileSync(path, sections('First version about annuities.'));
        expect((await knowledge.ingest([path])).documents[0]?.status).toBe('added');
        const before = await knowledge.searchDetailed('glide paths paragraph', {
          tags: ['drafts'],
        });

        expect((await knowledge.ingest([path])).documents[0]?.status).toBe('unchanged');
        writeFileSync(path, sections('Second version about pensions.'));
        const updated = await knowledge.ingest([path]);
        expect(updated.documents[0]).toMatchObject({ status: 'updated', chunks: 2 });

        const after = await knowledge.searchDetailed('glide paths paragraph', { tags: ['drafts'] });
        expect(after.results[0]?.id).toBe(before.results[0]?.id);
        expect((await knowledge.searchDetailed('annuities', { tags: ['drafts'] })).results).toEqual(
          [],
        );
        expect(
          (await knowledge.searchDetailed('pensions', { tags: ['drafts'] })).results,
        ).toHaveLength(1);
        expect(
          (await knowledge.list()).filter((document) => document.title === 'Edited note'),
        ).toHaveLength(1);
      });

      it('treats a copy under another name as unchanged and reports a bad file without stopping', async () => {
        const copy = mkdtempSync(join(tmpdir(), 'alex-knowledge-copy-'));
        try {
          writeFileSync(
            join(copy, 'same.md'),
            note(
              { title: 'Old bond note', date: '2020-03-01', tags: '[bonds, archive]' },
              'Bond ladders explained.',
            ),
          );
          writeFileSync(join(copy, 'bad.md'), note({ title: 'Bad', date: 'yesterday' }, 'Text.'));
          const report = await knowledge.ingest([copy]);
          expect(report.documents.map((document) => [document.status, document.error])).toEqual([
            ['failed', expect.stringMatching(/date: must be a date written YYYY-MM-DD/) as string],
            ['unchanged', undefined],
          ]);
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      });

      it('with an embedder configured, searches hybrid where pgvector exists and says why not elsewhere', async () => {
        const server = await startFakeEmbeddingsServer();
        try {
          const withEmbedder = createKnowledgeService({
            db: database.db,
            config: { ...NO_EMBEDDER, embedder: 'openai-compatible:fake-embed' },
            llm: { ...LLM, baseUrl: server.baseUrl },
            vectorAvailable: database.vectorAvailable,
          });
          const response = await withEmbedder.searchDetailed('rebalancing thresholds');
          expect(response.results.length).toBeGreaterThan(0);
          if (await database.vectorAvailable()) {
            expect(response.mode.description).toBe(
              'hybrid: full-text + pgvector (openai-compatible:fake-embed)',
            );
            expect(server.requests.map((request) => request.inputs)).toEqual([
              ['rebalancing thresholds'],
            ]);
          } else {
            expect(response.notices).toEqual([
              'full-text only: this PostgreSQL has no vector extension; openai-compatible:fake-embed is not used',
            ]);
            expect(response.results.every((result) => result.matchedBy.join() === 'fulltext')).toBe(
              true,
            );
            expect(server.requests).toEqual([]);
          }
        } finally {
          await server.close();
        }
      });

      it('finds nothing rather than failing for a query of stop words, and rejects an empty one', async () => {
        expect((await knowledge.searchDetailed('the and of')).results).toEqual([]);
        await expect(knowledge.searchDetailed('   ')).rejects.toThrow(/query: must not be empty/);
      });
    },
  );
}
