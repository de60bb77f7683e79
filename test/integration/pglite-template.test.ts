// A new embedded data directory starts as a copy of the migrated template `npm install`
// prepares, instead of running initdb and every migration on the user's first start.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Environment } from '../../src/config.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import { buildPgliteTemplate } from '../../src/entry/pglite-template-build.ts';
import { reciprocalRankFusion } from '../../src/knowledge/fusion.ts';
import { DEFAULT_TOP_K } from '../../src/knowledge/search.ts';
import { STARTER_CORPUS_DIRECTORY } from '../../src/knowledge/starter-corpus.ts';
import { silentLogger } from '../../src/log.ts';
import { LOCK_FILE_NAME } from '../../src/store/data-directory-lock.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { loadReferenceInstruments } from '../../src/store/reference/reference-instruments.ts';
import { createKnowledgeRepository } from '../../src/store/repositories/knowledge-repository.ts';
import {
  copyPgliteTemplate,
  pgliteTemplatePath,
  STARTER_NOTES_CODE,
  STARTER_NOTES_DIRECTORY,
  type TemplateContents,
} from '../../src/store/pglite-template.ts';
import { removeOtherTemplates } from '../../src/store/pglite-template-cache.ts';
import { writePgliteTemplate } from '../../src/store/pglite-template-writer.ts';
import {
  hashedBagOfWords,
  startFakeEmbeddingsServer,
  type FakeEmbeddingsServer,
} from '../fakes/embeddings-server.ts';

const scratch = mkdtempSync(join(tmpdir(), 'alex-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// data/knowledge/: 24 notes (the folder's README is not one), split into 147 chunks.
const STARTER_NOTE_COUNT = 24;
const STARTER_CHUNK_COUNT = 147;

/**
 * The template of this code, in node_modules/.cache/alex, built when missing. Other templates
 * there are kept: checkouts sharing one node_modules (git worktrees) each use their own, and a
 * test run must not throw theirs away. Removal is tested in a folder of its own below.
 */
async function currentTemplate(): Promise<string> {
  if (!existsSync(join(pgliteTemplatePath(), 'PG_VERSION')))
    await buildPgliteTemplate({ removeOtherTemplates: false });
  return pgliteTemplatePath();
}

describe('PGlite template', () => {
  it('opens a new data directory already migrated, and keeps it on the next open', async () => {
    // A plain data directory, without the lock of the process that built it.
    const template = await currentTemplate();
    expect(statSync(template).isDirectory()).toBe(true);
    expect(readdirSync(template)).toEqual(expect.arrayContaining(['PG_VERSION', 'base']));
    expect(readdirSync(template).filter((name) => name.startsWith(LOCK_FILE_NAME))).toEqual([]);

    const dataDir = join(scratch, 'fresh');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    expect(first.createdFromTemplate).toBe(true);
    try {
      // No migrate() call yet: every migration is there because the template carried it.
      const { rows } = await sql<{
        name: string;
      }>`SELECT name FROM alex_migrations ORDER BY name`.execute(first.db);
      expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await migrate(first.db, { vectorAvailable: first.vectorAvailable })).toEqual({
        applied: [],
        waiting: [],
      });
      // Only Alex's database: not initdb's template0 and template1, which nothing here uses.
      const databases = await sql<{ datname: string }>`SELECT datname FROM pg_database`.execute(
        first.db,
      );
      expect(databases.rows).toEqual([{ datname: 'postgres' }]);
      // The shipped reference instruments are loaded, as a first start used to do itself.
      const instruments = await sql<{
        count: number;
      }>`SELECT count(*)::integer AS count FROM instruments`.execute(first.db);
      expect(instruments.rows).toEqual([{ count: loadReferenceInstruments().length }]);
      // So are the starter knowledge notes, without vectors (no embedder builds the template).
      const notes = await sql<{ documents: number; chunks: number; embedded: number }>`
        SELECT (SELECT count(*) FROM knowledge_documents)::integer AS documents,
               (SELECT count(*) FROM knowledge_chunks)::integer AS chunks,
               (SELECT count(embedding) FROM knowledge_chunks)::integer AS embedded
      `.execute(first.db);
      expect(notes.rows).toEqual([
        { documents: STARTER_NOTE_COUNT, chunks: STARTER_CHUNK_COUNT, embedded: 0 },
      ]);
      await sql`INSERT INTO users (display_name) VALUES ('kept')`.execute(first.db);
    } finally {
      await first.close();
    }

    // The second open finds PG_VERSION and must not copy the template over the data.
    const second = await openDatabase({ kind: 'pglite', dataDir });
    expect(second.createdFromTemplate).toBe(false);
    try {
      const { rows } = await sql<{ display_name: string }>`SELECT display_name FROM users`.execute(
        second.db,
      );
      expect(rows).toEqual([{ display_name: 'kept' }]);
    } finally {
      await second.close();
    }
    // The template itself is untouched by the database opened from its copy.
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it('names the template after PGlite, the migrations, the reference instruments and the starter notes, so a change to any is never served a stale one', () => {
    expect(pgliteTemplatePath()).toMatch(
      /node_modules\/\.cache\/alex\/pglite-template-[0-9a-f]{16}$/,
    );
    const note = { path: 'data/knowledge/cash-drag.md', content: '# Cash drag\n\nIdle cash.' };
    const contents: TemplateContents = {
      pgliteVersion: '0.5.14',
      migrations: MIGRATIONS,
      referenceInstruments: '{"instruments": []}',
      starterNotes: [note],
    };
    const names = [
      pgliteTemplatePath(contents),
      pgliteTemplatePath({ ...contents, pgliteVersion: '0.5.15' }),
      pgliteTemplatePath({
        ...contents,
        migrations: [...MIGRATIONS, { name: '9999-test-only', sql: 'SELECT 1' }],
      }),
      pgliteTemplatePath({ ...contents, referenceInstruments: '{"instruments": [{}]}' }),
      // An edited note, a note added, a note renamed, and the same bytes split another way.
      pgliteTemplatePath({
        ...contents,
        starterNotes: [{ ...note, content: '# Cash drag\n\nIdle cash costs.' }],
      }),
      pgliteTemplatePath({
        ...contents,
        starterNotes: [note, { path: 'data/knowledge/new.md', content: '# New' }],
      }),
      pgliteTemplatePath({
        ...contents,
        starterNotes: [{ ...note, path: 'data/knowledge/idle-cash.md' }],
      }),
      pgliteTemplatePath({
        ...contents,
        starterNotes: [
          { path: note.path, content: '# Cash drag' },
          { path: '\n\nIdle cash.', content: '' },
        ],
      }),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(pgliteTemplatePath(contents)).toBe(names[0]);
  });

  it('hashes the folder the starter corpus is read from, and every knowledge module the ingest runs', () => {
    expect(resolve(STARTER_NOTES_DIRECTORY)).toBe(resolve(STARTER_CORPUS_DIRECTORY));
    // The value imports reachable from the starter corpus's ingest, inside src/knowledge/: each
    // shapes the rows a note becomes, so a change to it must name a new template.
    const root = resolve(STARTER_NOTES_DIRECTORY, '..', '..');
    const reached = new Set<string>();
    const pending = ['src/knowledge/starter-corpus.ts'];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (reached.has(file)) continue;
      reached.add(file);
      const source = readFileSync(join(root, file), 'utf8');
      for (const match of source.matchAll(/^import\s+(type\s)?[^;]*?from\s+'(\.[^']+)'/gms)) {
        if (match[1] || !match[2]) continue;
        const target = relative(root, resolve(root, dirname(file), match[2]));
        if (target.startsWith('src/knowledge/')) pending.push(target);
      }
    }
    expect([...reached].sort()).toEqual(
      STARTER_NOTES_CODE.filter((path) => path.startsWith('src/knowledge/')).sort(),
    );
    for (const path of STARTER_NOTES_CODE) expect(existsSync(join(root, path))).toBe(true);
  });

  it('uses no template that lacks PG_VERSION (a build that never finished)', () => {
    const unfinished = join(scratch, 'unfinished-template');
    mkdirSync(join(unfinished, 'base'), { recursive: true });
    const dataDir = join(scratch, 'not-from-unfinished');
    mkdirSync(dataDir);
    expect(copyPgliteTemplate(dataDir, unfinished)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('removes a copy that failed half way, keeping only the lock, and leaves no PG_VERSION', () => {
    const template = join(scratch, 'small-template');
    mkdirSync(join(template, 'base', '5'), { recursive: true });
    writeFileSync(join(template, 'base', '5', '1259'), 'relation');
    mkdirSync(join(template, 'pg_wal'), { recursive: true });
    writeFileSync(join(template, 'PG_VERSION'), '17\n');
    const dataDir = join(scratch, 'half-copied');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, LOCK_FILE_NAME), 'held');
    // A file where the template has a folder: whatever was copied before it is removed again.
    writeFileSync(join(dataDir, 'pg_wal'), 'in the way');
    expect(() => copyPgliteTemplate(dataDir, template)).toThrow(/pg_wal/);
    expect(readdirSync(dataDir)).toEqual([LOCK_FILE_NAME]);
  });

  it('falls back to the slow path when the template is removed while it is being copied', () => {
    const template = join(scratch, 'cache', 'pglite-template-0123456789abcdef');
    mkdirSync(join(template, 'base'), { recursive: true });
    writeFileSync(join(template, 'base', '1259'), 'relation');
    writeFileSync(join(template, 'PG_VERSION'), '17\n');
    // Opening a FIFO waits for a writer, so the copy stops there until this helper, which first
    // moves the template away as a cleanup does, opens it; the copy then goes on without a source.
    execFileSync('mkfifo', [join(template, 'base', 'fifo')]);
    const helper = spawn(
      'sh',
      ['-c', 'mv "$1" "$1.gone" && printf x > "$1.gone/base/fifo"', 'sh', template],
      {
        stdio: 'ignore',
      },
    );
    const dataDir = join(scratch, 'copied-while-removed');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, LOCK_FILE_NAME), 'held');
    try {
      expect(copyPgliteTemplate(dataDir, template)).toBe(false);
      expect(readdirSync(dataDir)).toEqual([LOCK_FILE_NAME]);
    } finally {
      // Should the copy have failed before opening the FIFO, the helper still waits on it.
      helper.kill();
    }
  });
});

describe('starter notes carried by the template', () => {
  const EMBEDDER = 'openai-compatible:fake-embed';
  let server: FakeEmbeddingsServer;
  const open: Services[] = [];

  beforeAll(async () => {
    await currentTemplate();
    server = await startFakeEmbeddingsServer({ dimensions: 64 });
  }, 120_000);
  afterAll(async () => {
    for (const services of open) await services.close();
    await server.close();
  });

  function environment(dataDir: string, embedder: boolean): Environment {
    return embedder
      ? {
          ALEX_DATA_DIR: dataDir,
          ALEX_EMBEDDER: EMBEDDER,
          ALEX_LLM_BASE_URL: server.baseUrl,
          ALEX_LLM_API_KEY: 'local-key',
        }
      : { ALEX_DATA_DIR: dataDir };
  }

  async function start(dataDir: string, embedder: boolean): Promise<Services> {
    const services = await createServices(loadConfig(environment(dataDir, embedder)), {
      logger: silentLogger(),
    });
    open.push(services);
    return services;
  }

  async function stop(services: Services): Promise<void> {
    open.splice(open.indexOf(services), 1);
    await services.close();
  }

  /** A first start as without a template: initdb, then createServices migrates and loads. */
  async function startTheSlowWay(dataDir: string, embedder: boolean): Promise<Services> {
    await (await openDatabase({ kind: 'pglite', dataDir }, { template: false })).close();
    const services = await start(dataDir, embedder);
    expect(services.database.createdFromTemplate).toBe(false);
    expect(services.migrations.applied).toHaveLength(MIGRATIONS.length);
    return services;
  }

  async function startFromTemplate(dataDir: string, embedder: boolean): Promise<Services> {
    const services = await start(dataDir, embedder);
    expect(services.database.createdFromTemplate).toBe(true);
    expect(services.migrations.applied).toEqual([]);
    return services;
  }

  // Queries whose hits are ranked without ties (see expectRankedWithoutTies) by both the full
  // text ("every word" matches, no fallback) and the fake embedder's vectors.
  const QUERIES = [
    'sequence of returns risk in early retirement',
    'safe withdrawal rate',
    'inflation protected bonds',
    'small cap value premium',
    'gold as a hedge',
  ];
  // What a search with the default topK reads from each ranking (search.ts: 4 per result, at
  // least 20).
  const CANDIDATES = 20;

  /**
   * Chunk ids are random per database, and they break ties: in each ranking, and in the fusion
   * of the two. The comparison of answers below is exact only where ids decide nothing but the
   * order of equal fused scores, which it compares as sets. So this checks, from the stored data
   * and deterministically, that the queries rank their candidates (and one more, which decides
   * who is a candidate) without a tie in either ranking, and that no tie of fused scores
   * straddles the cut at topK.
   */
  async function expectRankedWithoutTies(services: Services, embedder: boolean): Promise<void> {
    const repository = createKnowledgeRepository(services.database.db);
    for (const query of QUERIES) {
      const fulltext = await repository.fullTextSearch(query, {
        match: 'all',
        filters: {},
        limit: CANDIDATES + 1,
      });
      expect(fulltext.length, query).toBeGreaterThan(0);
      expect(new Set(fulltext.map((hit) => hit.rank)).size, query).toBe(fulltext.length);
      const nearest = embedder
        ? await repository.nearestChunks(hashedBagOfWords(query, 64), {
            model: EMBEDDER,
            filters: {},
            limit: CANDIDATES + 1,
          })
        : [];
      expect(new Set(nearest.map((hit) => hit.similarity)).size, query).toBe(nearest.length);
      const fused = reciprocalRankFusion([
        { source: 'fulltext', ids: fulltext.slice(0, CANDIDATES).map((hit) => hit.chunkId) },
        { source: 'vector', ids: nearest.slice(0, CANDIDATES).map((hit) => hit.chunkId) },
      ]);
      const [last, next] = [fused[DEFAULT_TOP_K - 1], fused[DEFAULT_TOP_K]];
      if (last && next) expect(last.score, query).not.toBe(next.score);
    }
  }

  /**
   * What search answers, without the chunk and document ids: the results in groups of equal
   * score, each group as a set, since the ids order a group.
   */
  async function answers(services: Services) {
    return Promise.all(
      QUERIES.map(async (query) => {
        const response = await services.knowledge.searchDetailed(query);
        const groups: Array<{ score: number; results: string[] }> = [];
        for (const { id: _id, documentId: _documentId, ...result } of response.results) {
          const group = groups.at(-1);
          if (group?.score === result.score) group.results.push(JSON.stringify(result));
          else groups.push({ score: result.score, results: [JSON.stringify(result)] });
        }
        for (const group of groups) group.results.sort();
        return { query, mode: response.mode, notices: response.notices, groups };
      }),
    );
  }

  /** Every stored note and chunk, with its vector, by content rather than by id. */
  async function corpus(services: Services) {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT d.origin, d.title, d.source, d.published::text AS published,
             array_to_string(d.tags, ',') AS tags, d.content_hash AS document_hash,
             c.ordinal, c.heading, c.text, c.content_hash, c.search::text AS search,
             c.embedding::text AS embedding, c.embedding_model
      FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
      ORDER BY d.origin, c.ordinal
    `.execute(services.database.db);
    return rows;
  }

  it('answers full-text searches exactly as a directory initialised without the template', async () => {
    const slow = await startTheSlowWay(join(scratch, 'slow-fulltext'), false);
    const fast = await startFromTemplate(join(scratch, 'template-fulltext'), false);
    expect((await fast.knowledge.mode()).kind).toBe('fulltext');
    await expectRankedWithoutTies(slow, false);
    const slowCorpus = await corpus(slow);
    expect(slowCorpus).toHaveLength(STARTER_CHUNK_COUNT);
    expect(await corpus(fast)).toEqual(slowCorpus);
    const slowAnswers = await answers(slow);
    expect(slowAnswers.every((answer) => answer.groups.length > 0)).toBe(true);
    expect(await answers(fast)).toEqual(slowAnswers);
    expect(
      (await fast.knowledge.list()).map(({ id: _id, updatedAt: _at, ...note }) => note),
    ).toEqual((await slow.knowledge.list()).map(({ id: _id, updatedAt: _at, ...note }) => note));
    await stop(slow);
    await stop(fast);
  }, 120_000);

  it('embeds the notes on a first start with an embedder, and answers hybrid searches exactly as without the template', async () => {
    const slow = await startTheSlowWay(join(scratch, 'slow-hybrid'), true);
    const slowRequests = server.requests.length;
    const dataDir = join(scratch, 'template-hybrid');
    const fast = await startFromTemplate(dataDir, true);
    // The template's chunks, each sent once, as the slow start sent them.
    const sent = server.requests.slice(slowRequests).flatMap((request) => request.inputs);
    expect(sent).toHaveLength(STARTER_CHUNK_COUNT);
    expect(new Set(sent)).toEqual(
      new Set(server.requests.slice(0, slowRequests).flatMap((request) => request.inputs)),
    );
    expect((await fast.knowledge.mode()).kind).toBe('hybrid');
    await expectRankedWithoutTies(slow, true);
    const slowCorpus = await corpus(slow);
    expect(slowCorpus.every((chunk) => chunk['embedding_model'] === EMBEDDER)).toBe(true);
    expect(await corpus(fast)).toEqual(slowCorpus);
    const slowAnswers = await answers(slow);
    // Vectors take part: some hits are found by them (results are JSON text here).
    expect(
      slowAnswers.some((answer) =>
        answer.groups.some((group) => group.results.some((text) => text.includes('"vector"'))),
      ),
    ).toBe(true);
    expect(await answers(fast)).toEqual(slowAnswers);
    await stop(slow);
    await stop(fast);

    // The next start is no first start: nothing is embedded again.
    const requests = server.requests.length;
    const again = await start(dataDir, true);
    expect(again.database.createdFromTemplate).toBe(false);
    expect(server.requests.length - requests).toBe(0);
    await stop(again);
  }, 180_000);
});

describe('removing the templates of other versions', () => {
  const CURRENT = 'pglite-template-aaaaaaaaaaaaaaaa';
  const OLD = 'pglite-template-bbbbbbbbbbbbbbbb';

  function template(folder: string, name: string): void {
    mkdirSync(join(folder, name, 'base'), { recursive: true });
    writeFileSync(join(folder, name, 'PG_VERSION'), '17\n');
  }

  /** A pid no process has: one that just exited. */
  function deadPid(): number {
    const { pid } = spawnSync(process.execPath, ['-e', '0']);
    if (pid === undefined) throw new Error('could not start a process');
    return pid;
  }

  it('removes other templates and dead builds, keeping the current one, live builds and anything else', () => {
    const cache = join(scratch, 'cache-cleanup');
    const elsewhere = join(scratch, 'not-in-the-cache');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'keep'), 'keep');
    const builder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const live = `pglite-template-cccccccccccccccc.${builder.pid ?? 0}.partial`;
      const dead = deadPid();
      for (const name of [
        CURRENT,
        OLD,
        'pglite-template-dddddddddddddddd',
        live,
        `pglite-template-eeeeeeeeeeeeeeee.${dead}.partial`,
        `${OLD}.${dead}.removing`,
      ])
        template(cache, name);
      // Not named as this code names templates: another tool's, or a name too short or upper-case.
      for (const name of ['other-tool', 'pglite-template-abc', 'pglite-template-FFFFFFFFFFFFFFFF'])
        mkdirSync(join(cache, name));
      // Named like a template but not a plain directory: a file, and a link that is not followed.
      writeFileSync(join(cache, 'pglite-template-1111111111111111'), 'a file');
      symlinkSync(elsewhere, join(cache, 'pglite-template-2222222222222222'));

      expect(removeOtherTemplates(join(cache, CURRENT)).sort()).toEqual(
        [
          OLD,
          'pglite-template-dddddddddddddddd',
          `pglite-template-eeeeeeeeeeeeeeee.${dead}.partial`,
          `${OLD}.${dead}.removing`,
        ].sort(),
      );
      expect(readdirSync(cache).sort()).toEqual(
        [
          CURRENT,
          live,
          'other-tool',
          'pglite-template-abc',
          'pglite-template-FFFFFFFFFFFFFFFF',
          'pglite-template-1111111111111111',
          'pglite-template-2222222222222222',
        ].sort(),
      );
      expect(readdirSync(join(cache, CURRENT)).sort()).toEqual(['PG_VERSION', 'base']);
      expect(readdirSync(elsewhere)).toEqual(['keep']);
      // A second cleanup (another builder) finds nothing more to do.
      expect(removeOtherTemplates(join(cache, CURRENT))).toEqual([]);
    } finally {
      builder.kill();
    }
  });

  it('removes the other templates once a build has put the current one in place', async () => {
    const cache = join(scratch, 'cache-build');
    template(cache, OLD);
    const path = join(cache, CURRENT);
    expect(await writePgliteTemplate(() => Promise.resolve(), { path })).toBe(path);
    expect(readdirSync(cache)).toEqual([CURRENT]);
    expect(existsSync(join(path, 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it('says the new template is ready when an old one cannot be removed', async () => {
    const cache = join(scratch, 'cache-stuck');
    template(cache, OLD);
    // Where the old template would be moved before its removal, a folder of this very process
    // (so kept): the move fails.
    template(cache, `${OLD}.${process.pid}.removing`);
    const path = join(cache, CURRENT);
    await expect(writePgliteTemplate(() => Promise.resolve(), { path })).rejects.toThrow(
      `the template is ready at ${path}, but the old ones beside it could not all be removed (`,
    );
    expect(existsSync(join(path, 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it('keeps the other templates when asked to', async () => {
    const cache = join(scratch, 'cache-kept');
    template(cache, OLD);
    const path = join(cache, CURRENT);
    await writePgliteTemplate(() => Promise.resolve(), { path, removeOtherTemplates: false });
    expect(readdirSync(cache).sort()).toEqual([CURRENT, OLD]);
  }, 120_000);
});
