// GET /api/jobs at its full page size, with real payloads: one demo analysis run through the API,
// its payloads copied into 99 more jobs, then the page of 100 read. Whole jobs made that page
// about 5 MB, close to the 6 MB an AWS Lambda response may carry; list items carry none of the
// payloads, only what a history or a dashboard shows, and GET /api/jobs/{id} has the rest.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiJobSchema, jobListSchema, type ApiJob } from '../../src/contracts/api.ts';
import { LISTED_ERROR_CHARS } from '../../src/contracts/jobs.ts';
import { parseJson } from '../../src/parse-json.ts';
import { bodyOf, json, readEvents, startTestApi, type TestApi } from './helpers/api-server.ts';

// A list item is a few hundred bytes of ids, timestamps and figures; 2 KB leaves room for an
// error message, and is a small fraction of one demo job with its payloads (30 KB and more).
const MAX_LIST_ITEM_BYTES = 2_048;
const PAGE = 100;

let api: TestApi;
let analysed: ApiJob;
let analysedBytes: number;

beforeAll(async () => {
  api = await startTestApi();
  await api.call('/api/populate-test-data', { method: 'POST' });
  const started = await bodyOf<{ job_id: string }>(
    await api.call('/api/analyze', json('POST', { analysis_type: 'portfolio', options: {} })),
  );
  await readEvents(await api.call(`/api/jobs/${started.job_id}/events`));
  const text = await (await api.call(`/api/jobs/${started.job_id}`)).text();
  analysed = parseJson(text, apiJobSchema, 'job');
  analysedBytes = Buffer.byteLength(text);
}, 300_000);

afterAll(async () => {
  await api.close();
});

/** A finished copy of the analysed job's payloads, as a worker would have written them. */
async function copyOfAnalysedJob(userId: string): Promise<string> {
  const { jobs } = api.services.repositories;
  const job = await jobs.create(userId, { analysis_type: 'portfolio_analysis' });
  await jobs.claim(job.id, new Date(Date.now() + 60_000));
  await jobs.savePayload(job.id, 'reporter', analysed.report_payload, 1);
  await jobs.savePayload(job.id, 'charter', analysed.charts_payload, 1);
  await jobs.savePayload(job.id, 'retirement', analysed.retirement_payload, 1);
  await jobs.finish(job.id, {
    status: 'completed',
    summary: analysed.summary_payload ?? undefined,
    attempt: 1,
  });
  return job.id;
}

describe('GET /api/jobs with a full page of real analyses', () => {
  it('lists a page of 100 jobs in under 2 KB a job, a small fraction of one job with its payloads', async () => {
    expect(analysed.status).toBe('completed');
    // The payloads are the real thing: tens of KB of report, charts and projection.
    expect(analysedBytes).toBeGreaterThan(10 * MAX_LIST_ITEM_BYTES);
    const owner = await api.services.repositories.jobs.findForWorker(analysed.id);
    for (let copies = 1; copies < PAGE; copies += 1) await copyOfAnalysedJob(owner?.userId ?? '');

    const response = await api.call(`/api/jobs?limit=${PAGE}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const page = parseJson(text, jobListSchema, 'job list');
    expect(page.jobs).toHaveLength(PAGE);
    expect(page.next_offset).toBeNull();
    expect(Buffer.byteLength(text)).toBeLessThan(PAGE * MAX_LIST_ITEM_BYTES);
    for (const item of page.jobs) {
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(MAX_LIST_ITEM_BYTES);
      expect(item).not.toHaveProperty('report_payload');
    }
  }, 300_000);

  it('gives each item the figures of its job: results, cost and retirement headline', async () => {
    const { jobs } = parseJson(
      await (await api.call(`/api/jobs?limit=${PAGE}`)).text(),
      jobListSchema,
      'job list',
    );
    const item = jobs.find((entry) => entry.id === analysed.id);
    const results = analysed.retirement_payload?.results;
    expect(results).toBeDefined();
    expect(item).toEqual({
      id: analysed.id,
      clerk_user_id: analysed.clerk_user_id,
      job_type: analysed.job_type,
      status: 'completed',
      partial: false,
      failed_agents: [],
      error_message: null,
      attempts: analysed.attempts,
      has_report: true,
      has_charts: true,
      has_retirement: true,
      cost_usd: analysed.summary_payload?.usage.cost_usd,
      retirement_headline: {
        success_probability: results?.success_probability,
        success_standard_error: results?.success_standard_error ?? null,
        sustainable_spending_at_90pct: results?.sustainable_spending_at_90pct,
      },
      created_at: analysed.created_at,
      started_at: analysed.started_at,
      completed_at: analysed.completed_at,
      updated_at: analysed.updated_at,
    });
  });

  it('reads a partial job as completed with its failed agents, and cuts a long error', async () => {
    const { jobs } = api.services.repositories;
    const owner = await jobs.findForWorker(analysed.id);
    const userId = owner?.userId ?? '';
    const partial = await jobs.create(userId, { analysis_type: 'portfolio_analysis' });
    await jobs.claim(partial.id, new Date(Date.now() + 60_000));
    await jobs.savePayload(partial.id, 'reporter', analysed.report_payload, 1);
    const summary = analysed.summary_payload;
    if (!summary) throw new Error('the analysed job has no summary');
    await jobs.finish(partial.id, {
      status: 'partial',
      summary: { ...summary, status_by_agent: { ...summary.status_by_agent, charter: 'failed' } },
      error: 'charter: the model answered no charts',
      attempt: 1,
    });
    const failed = await jobs.create(userId, { analysis_type: 'portfolio_analysis' });
    await jobs.claim(failed.id, new Date(Date.now() + 60_000));
    const longError = `the model answered no JSON: ${'x'.repeat(3 * LISTED_ERROR_CHARS)}`;
    await jobs.fail(failed.id, longError, 1);

    const page = parseJson(
      await (await api.call('/api/jobs?limit=2')).text(),
      jobListSchema,
      'job list',
    );
    const [failedItem, partialItem] = page.jobs;
    expect(page.next_offset).toBe(2);
    expect(partialItem).toMatchObject({
      id: partial.id,
      status: 'completed',
      partial: true,
      failed_agents: ['charter'],
      error_message: 'charter: the model answered no charts',
      has_report: true,
      has_charts: false,
      has_retirement: false,
      retirement_headline: null,
    });
    const more = longError.length - LISTED_ERROR_CHARS;
    expect(failedItem).toMatchObject({
      id: failed.id,
      status: 'failed',
      error_message: `${longError.slice(0, LISTED_ERROR_CHARS)}… (${more.toLocaleString('en-US')} more characters)`,
      has_report: false,
      cost_usd: null,
    });
    const whole = await bodyOf(await api.call(`/api/jobs/${failed.id}`));
    expect(whole['error_message']).toBe(longError);
  });

  it('lists a job whose listed figures break the contracts as unreadable, beside the others', async () => {
    const { jobs } = api.services.repositories;
    const owner = await jobs.findForWorker(analysed.id);
    const broken = await copyOfAnalysedJob(owner?.userId ?? '');
    await sql`UPDATE jobs SET summary_payload = jsonb_set(summary_payload, '{usage,cost_usd}', '-5') WHERE id = ${broken}::uuid`.execute(
      api.services.database.db,
    );
    const page = parseJson(
      await (await api.call('/api/jobs?limit=2')).text(),
      jobListSchema,
      'job list',
    );
    expect(page.jobs[0]).toMatchObject({ id: broken, status: 'completed', unreadable: true });
    expect(page.jobs[0]?.error_message).toContain('jobs.summary_payload.usage.cost_usd');
    expect(page.jobs[1]).not.toHaveProperty('unreadable');
  });
});
