// A whole job through the Aurora Data API dialect: the real RDS Data client, sent by
// AWS_ENDPOINT_URL_RDS_DATA to a stand-in of the Data API on 127.0.0.1 that runs every
// statement on the real PostgreSQL (test/fakes/data-api-server.ts). The cluster starts
// auto-paused, as after idle. Then: migrate, seed, submit, claim, the pipeline with the offline
// agents, completed; a duplicate delivery changes nothing. The job's writes are guarded by
// affected-row counts, so a dialect that misreports numAffectedRows fails here.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import { createJobRuntime } from '../../src/entry/job-runtime.ts';
import { handleJobMessage, submitJob } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/log.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import { startFakeDataApi, type FakeDataApi } from '../fakes/data-api-server.ts';
import { postgresAvailable, postgresSkipReason } from '../helpers/database.ts';

const testDatabaseUrl = process.env['TEST_DATABASE_URL'] ?? '';

describe.skipIf(!postgresAvailable)(
  `a job over the Aurora Data API dialect${postgresAvailable ? '' : ` (${postgresSkipReason})`}`,
  () => {
    const schema = `alex_dataapi_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let admin: pg.Client;
    let dataApi: FakeDataApi;
    let services: Services | undefined;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      // Two calls answered "resuming": the cold start has to wait for the cluster.
      dataApi = await startFakeDataApi({
        connectionString: testDatabaseUrl,
        schema,
        resumingFor: 2,
      });
      vi.stubEnv('AWS_ENDPOINT_URL_RDS_DATA', dataApi.endpoint);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret-access-key');
      vi.stubEnv('AWS_SESSION_TOKEN', '');
      vi.stubEnv('AWS_PROFILE', '');
    });

    afterAll(async () => {
      await services?.close();
      await dataApi.close();
      vi.unstubAllEnvs();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it('runs submit → claim → pipeline → completed, after waiting for a resuming cluster', async () => {
      const config = loadConfig({
        AURORA_CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:alex-aurora-cluster',
        AURORA_SECRET_ARN:
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-AbCdEf',
        AURORA_DATABASE: 'alex',
        AWS_REGION: 'us-east-1',
      });
      expect(config.database.kind).toBe('aurora');
      services = await createServices(config, { logger: silentLogger() });
      const { repositories } = services;
      // The first statement (migrate()'s one-read check of what is applied) was refused twice
      // while the cluster resumed and sent again, then migrate() ran through.
      expect(dataApi.calls.slice(0, 3).map((call) => call.path)).toEqual([
        '/Execute',
        '/Execute',
        '/Execute',
      ]);
      expect(services.migrations.applied).toEqual(
        expect.arrayContaining(['0001-initial', '0002-knowledge']),
      );

      await seedDemoPortfolio(repositories);
      const runtime = await createJobRuntime(services);
      try {
        const submitted = await submitJob({ repositories, queue: runtime.queue }, DEMO_USER_ID, {
          analysis_type: 'portfolio_analysis',
        });
        expect(submitted.status).toBe('pending');

        const outcome = await handleJobMessage(runtime.deps, { job_id: submitted.id });
        expect(outcome).toEqual({ kind: 'processed', jobId: submitted.id, status: 'completed' });

        const job = await repositories.jobs.get(DEMO_USER_ID, submitted.id);
        expect(job).toMatchObject({ status: 'completed', error: null, attempts: 1 });
        expect(job.reportPayload?.model).toBe('offline');
        expect(Object.keys(job.chartsPayload ?? {}).length).toBeGreaterThanOrEqual(4);
        expect(job.retirementPayload?.results.simulations).toBeGreaterThan(0);
        expect(job.summaryPayload?.status_by_agent).toMatchObject({
          planner: 'completed',
          tagger: 'completed',
          reporter: 'completed',
          charter: 'completed',
          retirement: 'completed',
        });
        const runs = await repositories.agentRuns.list(submitted.id);
        expect(runs.length).toBeGreaterThanOrEqual(4);
        expect(runs.every((run) => run.status === 'succeeded' && run.finishedAt !== null)).toBe(
          true,
        );

        // A second delivery of the finished job is acknowledged and changes nothing.
        const again = await handleJobMessage(runtime.deps, { job_id: submitted.id });
        expect(again).toEqual({ kind: 'duplicate', jobId: submitted.id, status: 'completed' });
        expect(await repositories.jobs.get(DEMO_USER_ID, submitted.id)).toEqual(job);
      } finally {
        await runtime.queue.stop();
      }
    }, 120_000);
  },
);
