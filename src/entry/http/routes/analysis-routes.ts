import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import {
  analyzeRequestSchema,
  analyzeResponseSchema,
  apiJobSchema,
  jobEventSchema,
  jobListQuerySchema,
  jobListSchema,
} from '../../../contracts/api.ts';
import type { JobRequest } from '../../../contracts/jobs.ts';
import { describeError, NotFoundError } from '../../../errors.ts';
// From its own file, not the jobs barrel, which would load the agents and the AI SDK at start-up.
import { submitJob } from '../../../jobs/lifecycle.ts';
import type { ApiDependencies, ApiEnv } from '../api-context.ts';
import { eventsToSend, isFinished, jobEvents, parseCursor } from '../job-events.ts';
import { idParams, jsonBody, problemResponses, SECURED } from '../route-helpers.ts';
import { toApiJob, toApiJobListEntry } from '../wire-shapes.ts';

const analyze = createRoute({
  method: 'post',
  path: '/api/analyze',
  tags: ['analysis'],
  summary:
    'Start an analysis of the caller’s portfolio: one at a time per user (409), ALEX_ANALYZE_RATE_LIMIT an hour (429)',
  security: SECURED,
  request: {
    body: jsonBody(
      analyzeRequestSchema,
      'the original’s {analysis_type, options} or {request, agents}',
    ),
  },
  responses: {
    202: jsonBody(analyzeResponseSchema, 'queued'),
    ...problemResponses(400, 409, 413, 415, 429),
  },
});

const getJob = createRoute({
  method: 'get',
  path: '/api/jobs/{id}',
  tags: ['analysis'],
  summary:
    'A job with its payloads. A partial job reads status "completed" with partial: true and failed_agents',
  security: SECURED,
  request: { params: idParams },
  responses: { 200: jsonBody(apiJobSchema, 'the job'), ...problemResponses(400, 404) },
});

const listJobs = createRoute({
  method: 'get',
  path: '/api/jobs',
  tags: ['analysis'],
  summary:
    'The caller’s jobs, newest first, a page at a time: each with its status, timestamps, error, which results it has, its cost and its retirement headline, without the payloads (GET /api/jobs/{id} has them)',
  security: SECURED,
  request: { query: jobListQuerySchema },
  responses: {
    200: jsonBody(jobListSchema, '`{jobs: [...], limit, offset, next_offset}`'),
    ...problemResponses(400),
  },
});

const jobEventsRoute = createRoute({
  method: 'get',
  path: '/api/jobs/{id}/events',
  tags: ['analysis'],
  summary:
    'Server-Sent Events of per-agent progress until the job ends; reconnect with Last-Event-ID to resume without gaps',
  security: SECURED,
  request: {
    params: idParams,
    headers: z.object({ 'last-event-id': z.string().max(200).optional() }),
  },
  responses: {
    200: {
      description:
        'text/event-stream: events agent-started, agent-finished, agent-failed, job-finished (the last); each data line is a JobEvent. Behind API Gateway (the Lambda deployment) the stream holds the events so far and ends with `retry: 2000` while the job runs: reconnect with Last-Event-ID (EventSource does) or poll GET /api/jobs/{id}',
      content: { 'text/event-stream': { schema: jobEventSchema } },
    },
    ...problemResponses(400, 404),
  },
});

const reportDownload = createRoute({
  method: 'get',
  path: '/api/jobs/{id}/report.md',
  tags: ['analysis'],
  summary: 'The report as a Markdown file',
  security: SECURED,
  request: { params: idParams },
  responses: {
    200: { description: 'the report', content: { 'text/markdown': { schema: z.string() } } },
    ...problemResponses(400, 404),
  },
});

const chartsDownload = createRoute({
  method: 'get',
  path: '/api/jobs/{id}/charts.json',
  tags: ['analysis'],
  summary: 'The chart data as a JSON file',
  security: SECURED,
  request: { params: idParams },
  responses: {
    200: jsonBody(apiJobSchema.shape.charts_payload.unwrap(), 'the charts payload'),
    ...problemResponses(400, 404),
  },
});

// Keep-alive comments stop proxies from closing a quiet stream; a stream ends after this long
// at most (a client reconnects with Last-Event-ID and loses nothing).
const KEEP_ALIVE_MS = 15_000;
const MAX_STREAM_MS = 30 * 60_000;
// In snapshot mode (API Gateway) a client comes back this often while the job runs: the
// original front end polls its job every 2 s too.
export const SNAPSHOT_RETRY_MS = 2_000;

export function registerAnalysisRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const { repositories } = deps;

  app.openapi(analyze, async (c) => {
    const body = c.req.valid('json');
    const request = body.request ?? body.options.request;
    const agents = body.agents ?? body.options.agents;
    const jobRequest: JobRequest = {
      analysis_type: 'portfolio_analysis',
      ...(request ? { request } : {}),
      ...(agents ? { agents } : {}),
    };
    const job = await submitJob({ repositories, queue: deps.queue }, c.get('user').id, jobRequest, {
      limits: { maxPerHour: deps.config.analyzeRateLimitPerHour },
    });
    return c.json(
      { job_id: job.id, message: 'Analysis started. Check job status for results.' },
      202,
    );
  });

  app.openapi(getJob, async (c) => {
    const user = c.get('user');
    const job = await repositories.jobs.get(user.id, c.req.valid('param').id);
    return c.json(toApiJob(job, user), 200);
  });

  app.openapi(listJobs, async (c) => {
    const user = c.get('user');
    const { limit, offset } = c.req.valid('query');
    const page = await repositories.jobs.listPage(user.id, { limit, offset });
    return c.json(
      {
        jobs: page.items.map((job) => toApiJobListEntry(job, user)),
        limit,
        offset,
        next_offset: page.nextOffset,
      },
      200,
    );
  });

  app.openapi(reportDownload, async (c) => {
    const job = await repositories.jobs.get(c.get('user').id, c.req.valid('param').id);
    if (!job.reportPayload) throw new NotFoundError('report of job', job.id);
    return c.body(job.reportPayload.content, 200, {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="alex-report-${job.id}.md"`,
    });
  });

  app.openapi(chartsDownload, async (c) => {
    const job = await repositories.jobs.get(c.get('user').id, c.req.valid('param').id);
    if (!job.chartsPayload) throw new NotFoundError('charts of job', job.id);
    c.header('content-disposition', `attachment; filename="alex-charts-${job.id}.json"`);
    return c.json(job.chartsPayload, 200);
  });

  app.openapi(jobEventsRoute, async (c) => {
    const user = c.get('user');
    const jobId = (await repositories.jobs.get(user.id, c.req.valid('param').id)).id;
    let cursor = parseCursor(c.req.valid('header')['last-event-id']);
    const pollMs = deps.eventPollMs ?? 500;
    return streamSSE(
      c,
      async (stream) => {
        const startedAt = Date.now();
        let lastWrite = Date.now();
        const snapshot = deps.eventStream === 'snapshot';
        while (!stream.aborted && Date.now() - startedAt < MAX_STREAM_MS) {
          const job = await repositories.jobs.get(user.id, jobId);
          const runs = await repositories.agentRuns.listForUser(user.id, jobId);
          const finished = isFinished(job);
          const due = eventsToSend(jobEvents(job, runs, user), cursor, {
            finished,
            databaseNow: await repositories.jobs.databaseNow(),
          });
          for (const item of due) {
            await stream.writeSSE({
              id: item.id,
              event: item.event.type,
              data: JSON.stringify(item.event),
            });
            cursor = item.id;
            lastWrite = Date.now();
          }
          if (finished) return;
          if (snapshot) {
            // The whole answer reaches the client only when it ends: end it now and say when
            // to come back; the client resumes with Last-Event-ID, so nothing is sent twice.
            await stream.write(`retry: ${SNAPSHOT_RETRY_MS}\n\n`);
            return;
          }
          if (Date.now() - lastWrite > KEEP_ALIVE_MS) {
            await stream.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
          await stream.sleep(pollMs);
        }
      },
      (error) => {
        deps.logger.error({ event: 'api-sse-error', jobId, error: describeError(error) });
        return Promise.resolve();
      },
    );
  });
}
