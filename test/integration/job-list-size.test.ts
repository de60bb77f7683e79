// A page of a job list is one statement, so on AWS one RDS Data API answer of at most 1 MiB. The
// largest page the CLI or the API may ask for (MAX_LISTED_JOBS, read with the one more row that
// says another page follows) is read here with every listed column at the largest its contract
// allows, through the Data API stand-in, which sends the answer as the service does (JSON of
// typed fields) and refuses one over 1 MiB. The size measured is the answer's own, so a larger
// page, a longer error preview or a new listed column shows here.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LISTED_JOBS } from '../../src/contracts/jobs.ts';
import type { RetirementPayload, SummaryPayload } from '../../src/contracts/payloads.ts';
import { InputError } from '../../src/errors.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { DATA_API_MAX_RESPONSE_BYTES } from '../fakes/data-api-server.ts';
import { createDataApiTestDatabase } from '../helpers/data-api-database.ts';
import { DATABASE_ENGINES, postgresAvailable, postgresSkipReason } from '../helpers/database.ts';

// The longest character in JSON: a control character is escaped to six bytes (`\u0001`), more
// than any character sent as UTF-8 (at most four).
const WORST_ERROR = '\u0001'.repeat(8_000);
// The longest number a payload may hold, as PostgreSQL's jsonb writes it: 5e-324 is 0.000…5 with
// 323 zeros (326 characters, 327 negative), longer than any large double (309 digits).
const LONGEST = Number.MIN_VALUE;

const worstSummary: SummaryPayload = {
  summary: 'x',
  status_by_agent: {
    planner: 'completed',
    tagger: 'completed',
    reporter: 'completed',
    charter: 'completed',
    retirement: 'completed',
  },
  timings_ms: {},
  usage: { input_tokens: 0, output_tokens: 0, cost_usd: LONGEST, by_agent: {} },
  totals: {},
};

const percentiles = { p10: 1, p25: 2, p50: 3, p75: 4, p90: 5 };
const worstRetirement: RetirementPayload = {
  analysis: 'x',
  generated_at: '2026-01-02T03:04:05.000Z',
  agent: 'retirement',
  model: 'offline',
  assumptions: {},
  results: {
    success_probability: LONGEST,
    success_standard_error: LONGEST,
    simulations: 1,
    seed: 1,
    median_at_retirement: 3,
    percentiles_at_retirement: percentiles,
    percentiles_at_end: percentiles,
    depletion_age_histogram: [],
    sustainable_spending_at_90pct: -LONGEST,
  },
  series: [],
  levers: [],
};

describe.skipIf(!postgresAvailable)(
  `a job list over the Data API${postgresAvailable ? '' : ` (skipped: ${postgresSkipReason})`}`,
  () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const handle of opened.splice(0)) await handle.close();
    });

    it('of the largest list items fits one answer with a fifth of it to spare', async () => {
      const handle = await createDataApiTestDatabase();
      opened.push(handle);
      const repositories = createRepositories(handle.db);
      const { id: userId } = await repositories.users.create({ displayName: 'Worst case' });
      for (let index = 0; index < MAX_LISTED_JOBS + 1; index += 1) {
        const job = await repositories.jobs.create(userId, { analysis_type: 'portfolio_analysis' });
        await repositories.jobs.claim(job.id, new Date(Date.now() + 60_000));
        await repositories.jobs.savePayload(job.id, 'retirement', worstRetirement, 1);
        await repositories.jobs.finish(job.id, {
          status: 'completed',
          summary: worstSummary,
          error: WORST_ERROR,
          attempt: 1,
        });
      }

      const callsBefore = handle.dataApi.calls.length;
      const page = await repositories.jobs.listPage(userId, {
        limit: MAX_LISTED_JOBS,
        offset: 0,
      });
      const answers = handle.dataApi.calls.slice(callsBefore);

      expect(page.items).toHaveLength(MAX_LISTED_JOBS);
      expect(page.nextOffset).toBe(MAX_LISTED_JOBS);
      for (const item of page.items) {
        if ('unreadable' in item) throw new Error(`unreadable: ${item.problem}`);
        // The worst case was listed, not cut or dropped on the way.
        expect(item.error).toBe(`${'\u0001'.repeat(1_000)}… (7,000 more characters)`);
        expect(item.costUsd).toBe(LONGEST);
        expect(item.retirementHeadline?.sustainableSpendingAt90pct).toBe(-LONGEST);
        expect(Object.keys(item.statusByAgent ?? {})).toHaveLength(5);
      }
      expect(answers).toHaveLength(1);
      const bytes = answers[0]?.responseBytes ?? Infinity;
      expect(bytes).toBeLessThan(0.8 * DATA_API_MAX_RESPONSE_BYTES);
      // The CLI's old limit, 1,000 such jobs, would not have fitted at all.
      expect((bytes / (MAX_LISTED_JOBS + 1)) * 1_000).toBeGreaterThan(DATA_API_MAX_RESPONSE_BYTES);
    }, 180_000);
  },
);

for (const engine of DATABASE_ENGINES) {
  describe.skipIf(!engine.available)(`a job list on ${engine.name}`, () => {
    it('refuses a limit it could not read in one answer, naming the rule', async () => {
      const handle = await engine.create();
      try {
        const { jobs } = createRepositories(handle.db);
        for (const limit of [0, MAX_LISTED_JOBS + 1, 1.5]) {
          const refused = await jobs
            .listPage(undefined, { limit, offset: 0 })
            .catch((error: unknown) => error);
          expect(refused).toBeInstanceOf(InputError);
          expect((refused as InputError).message).toBe(
            `limit: must be a whole number from 1 to ${MAX_LISTED_JOBS}: one list is one database ` +
              'answer, which on AWS (the Aurora Data API) holds at most 1 MiB',
          );
        }
        expect(await jobs.listPage(undefined, { limit: MAX_LISTED_JOBS, offset: 0 })).toEqual({
          items: [],
          nextOffset: null,
        });
      } finally {
        await handle.close();
      }
    }, 60_000);
  });
}
