// Jobs whose snapshot and payloads are far larger than the demo's, on every database path: PGlite,
// PostgreSQL and Aurora through the RDS Data API (the stand-in enforces the service's 64 KB per
// row and 1 MiB per response). A large job reads back exactly, and a page of many large jobs
// reads back whole, without any one Data API call crossing either limit.
import {
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformResultArgs,
  type QueryResult,
  type UnknownRow,
} from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ReportPayload,
  RetirementPayload,
  SummaryPayload,
} from '../../src/contracts/payloads.ts';
import { InputError } from '../../src/errors.ts';
import { createJobRepository } from '../../src/store/repositories/job-repository.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import type { Database } from '../../src/store/tables.ts';
import { createDataApiTestDatabase } from '../helpers/data-api-database.ts';
import { DATABASE_ENGINES, postgresAvailable, postgresSkipReason } from '../helpers/database.ts';

interface Engine {
  name: string;
  available: boolean;
  open(): Promise<{ db: Kysely<Database>; close(): Promise<void> }>;
}

const ENGINES: Engine[] = [
  ...DATABASE_ENGINES.map((engine) => ({
    name: engine.name,
    available: engine.available,
    open: engine.create,
  })),
  { name: 'data-api', available: postgresAvailable, open: createDataApiTestDatabase },
];

/** A position list like a large portfolio's, with multi-byte names so bytes ≠ characters. */
function largeSnapshot(positions: number, seed: number) {
  return {
    seed,
    positions: Array.from({ length: positions }, (_, index) => ({
      symbol: `SYM${index}`,
      name: `Société Générale Überfonds №${index} — 日本株 𝔸 "quoted" \\ back`,
      quantity: (index * 7.25).toFixed(4),
      allocation: { equity: 60, fixed_income: 40 },
    })),
  };
}

function largeReport(paragraphs: number): ReportPayload {
  return {
    content: Array.from(
      { length: paragraphs },
      (_, index) => `## Section ${index}\n\nRésumé: the allocation drifts — 5.0% ± 0.9 ✓\n`,
    ).join('\n'),
    generated_at: '2026-01-02T03:04:05.000Z',
    agent: 'reporter',
    model: 'offline',
    fact_check: { figures: paragraphs, mismatches: [] },
    sources: [],
  };
}

const percentiles = { p10: 1, p25: 2, p50: 3, p75: 4, p90: 5 };
const retirement: RetirementPayload = {
  analysis: 'On track.',
  generated_at: '2026-01-02T03:04:05.000Z',
  agent: 'retirement',
  model: 'offline',
  assumptions: {},
  results: {
    success_probability: 81.5,
    simulations: 1_000,
    seed: 1,
    median_at_retirement: 3,
    percentiles_at_retirement: percentiles,
    percentiles_at_end: percentiles,
    depletion_age_histogram: [],
    sustainable_spending_at_90pct: 40_000,
  },
  series: [],
  levers: [],
};

const summary: SummaryPayload = {
  summary: 'The charter failed.',
  status_by_agent: { planner: 'completed', reporter: 'completed', charter: 'failed' },
  timings_ms: {},
  usage: { input_tokens: 10, output_tokens: 5, cost_usd: 0.0123, by_agent: {} },
  totals: {},
};

async function seedUser(repositories: Repositories): Promise<string> {
  const user = await repositories.users.create({ displayName: 'Large portfolio' });
  return user.id;
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(
    `jobs larger than a Data API row on ${engine.name}${engine.available ? '' : ` (${postgresSkipReason})`}`,
    () => {
      const opened: Array<{ close(): Promise<void> }> = [];
      afterEach(async () => {
        for (const handle of opened.splice(0)) await handle.close();
      });

      async function open() {
        const handle = await engine.open();
        opened.push(handle);
        return { db: handle.db, repositories: createRepositories(handle.db) };
      }

      it('a job whose snapshot and report total far over 64 KB reads back exactly', async () => {
        const { repositories } = await open();
        const userId = await seedUser(repositories);
        const created = await repositories.jobs.create(userId, {
          analysis_type: 'portfolio_analysis',
        });
        const claimed = await repositories.jobs.claim(created.id, new Date(Date.now() + 60_000));
        expect(claimed?.status).toBe('running');
        const snapshot = largeSnapshot(1_500, 1);
        const report = largeReport(2_500);
        expect(JSON.stringify(snapshot).length).toBeGreaterThan(150_000);
        expect(report.content.length).toBeGreaterThan(100_000);
        expect(await repositories.jobs.saveSnapshot(created.id, snapshot, 1)).toBe(true);
        expect(await repositories.jobs.savePayload(created.id, 'reporter', report, 1)).toBe(true);

        const running = await repositories.jobs.get(userId, created.id);
        expect(running.snapshot).toEqual(snapshot);
        expect(running.reportPayload).toEqual(report);
        expect(await repositories.jobs.findForWorker(created.id)).toEqual(running);

        // A job claimed again after a failed attempt comes back with what that attempt wrote.
        expect(await repositories.jobs.requeue(created.id, ['running'], 'retry', 1)).toBe(true);
        const reclaimed = await repositories.jobs.claim(created.id, new Date(Date.now() + 60_000));
        expect(reclaimed?.snapshot).toEqual(snapshot);
        expect(reclaimed?.reportPayload).toEqual(report);
        expect(reclaimed?.attempts).toBe(2);
      }, 120_000);

      it('a page of many large jobs reads back whole', async () => {
        const { repositories } = await open();
        const userId = await seedUser(repositories);
        const ids: string[] = [];
        for (let index = 0; index < 24; index += 1) {
          const job = await repositories.jobs.create(userId, {
            analysis_type: 'portfolio_analysis',
          });
          await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
          // About 60 KB each: one row under the limit, all of them together well over 1 MiB.
          await repositories.jobs.saveSnapshot(job.id, largeSnapshot(420, index), 1);
          ids.push(job.id);
        }
        const listed = await repositories.jobs.list(userId, { limit: 30 });
        expect(listed.map((job) => job.id).sort()).toEqual([...ids].sort());
        for (const job of listed) {
          const { seed } = job.snapshot as { seed: number };
          expect(job.snapshot).toEqual(largeSnapshot(420, seed));
        }
        const abandoned = await repositories.jobs.listAbandoned(
          new Date(Date.now() + 3_600_000),
          1,
        );
        // The reaper's read takes none of the documents: only what handing a job on needs.
        expect(abandoned.map((job) => job.id).sort()).toEqual([...ids].sort());
        expect(abandoned.every((job) => !('snapshot' in job))).toBe(true);
      }, 180_000);

      it('a page of list items reads none of the documents, only the figures it shows', async () => {
        const { db, repositories } = await open();
        const userId = await seedUser(repositories);
        for (let index = 0; index < 3; index += 1) {
          const job = await repositories.jobs.create(userId, {
            analysis_type: 'portfolio_analysis',
          });
          await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
          await repositories.jobs.saveSnapshot(job.id, largeSnapshot(1_500, index), 1);
          await repositories.jobs.savePayload(job.id, 'reporter', largeReport(2_500), 1);
          await repositories.jobs.savePayload(job.id, 'retirement', retirement, 1);
          await repositories.jobs.finish(job.id, { status: 'partial', summary, attempt: 1 });
        }
        let bytesRead = 0;
        const countResultBytes: KyselyPlugin = {
          transformQuery: (args) => args.node,
          transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
            bytesRead += Buffer.byteLength(JSON.stringify(args.result.rows));
            return Promise.resolve(args.result);
          },
        };
        const watched = createJobRepository(db.withPlugin(countResultBytes));
        const page = await watched.listPage(userId, { limit: 10, offset: 0 });
        expect(page.items).toHaveLength(3);
        expect(page.nextOffset).toBeNull();
        for (const item of page.items) {
          expect(item).toEqual(
            expect.objectContaining({
              status: 'partial',
              hasReport: true,
              hasCharts: false,
              hasRetirement: true,
              statusByAgent: summary.status_by_agent,
              costUsd: 0.0123,
              retirementHeadline: {
                successProbability: 81.5,
                successStandardError: null,
                sustainableSpendingAt90pct: 40_000,
              },
            }),
          );
        }
        // Each job holds over 250 KB of documents; its list item is a few hundred bytes.
        expect(bytesRead).toBeLessThan(3 * 1_024);
      }, 120_000);

      it('a document rewritten while it is read in several statements comes back whole, in its new version', async () => {
        const { db, repositories } = await open();
        const userId = await seedUser(repositories);
        const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
        await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
        const before = largeSnapshot(1_500, 1);
        const after = largeSnapshot(1_200, 2);
        await repositories.jobs.saveSnapshot(job.id, before, 1);
        // After the first page of chunks, the snapshot is rewritten (as a late writer would).
        let rewritten = false;
        const rewriteAfterFirstPage: KyselyPlugin = {
          transformQuery: (args) => args.node,
          async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
            if (!rewritten && args.result.rows[0] && 'digest' in args.result.rows[0]) {
              rewritten = true;
              await repositories.jobs.saveSnapshot(job.id, after, 1);
            }
            return args.result;
          },
        };
        const watched = createJobRepository(db.withPlugin(rewriteAfterFirstPage));
        const read = await watched.get(userId, job.id);
        expect(rewritten).toBe(true);
        expect(read.snapshot).toEqual(after);
      }, 120_000);

      it('refuses a payload too large for one Data API request, naming the column, and writes nothing', async () => {
        const { repositories } = await open();
        const userId = await seedUser(repositories);
        const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
        await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
        const error = await repositories.jobs
          .savePayload(job.id, 'reporter', largeReport(70_000), 1)
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).toMatch(
          /^jobs\.report_payload: at most 3,000,000 bytes of JSON \(this one is [\d,]+\)/,
        );
        expect((await repositories.jobs.get(userId, job.id)).reportPayload).toBeNull();
      }, 120_000);

      it('keeps an error of any length to a readable row, saying how much was cut', async () => {
        const { repositories } = await open();
        const userId = await seedUser(repositories);
        const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
        await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
        const longError = `model answer was not JSON: ${'日本株 ✓ '.repeat(20_000)}`;
        expect(await repositories.jobs.fail(job.id, longError, 1)).toBe(true);
        const failed = await repositories.jobs.get(userId, job.id);
        expect(failed.status).toBe('failed');
        expect(failed.error?.startsWith('model answer was not JSON: 日本株 ✓')).toBe(true);
        expect(failed.error).toMatch(/… \(\d+ more characters not stored\)$/);
        expect([...(failed.error ?? '')].length).toBeLessThan(8_100);
      }, 120_000);

      it.runIf(engine.name === 'data-api')(
        'the stand-in refuses a row over 64 KB and a response over 1 MiB, as Aurora does',
        async () => {
          const { db, repositories } = await open();
          const userId = await seedUser(repositories);
          const job = await repositories.jobs.create(userId, {
            analysis_type: 'portfolio_analysis',
          });
          await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
          await repositories.jobs.saveSnapshot(job.id, largeSnapshot(1_000, 0), 1);
          await expect(
            sql`SELECT snapshot FROM jobs WHERE id = ${job.id}::uuid`.execute(db),
          ).rejects.toMatchObject({
            name: 'BadRequestException',
            message: 'Packet for query is too large',
          });
          await expect(
            sql`SELECT repeat('x', 60000) AS filler FROM generate_series(1, 20)`.execute(db),
          ).rejects.toMatchObject({
            name: 'BadRequestException',
            message: 'Database response exceeded size limit',
          });
        },
        60_000,
      );
    },
  );
}
