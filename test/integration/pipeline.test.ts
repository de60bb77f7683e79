import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentContext, AgentDefinition } from '../../src/agents/agent.ts';
import type { ReporterInput } from '../../src/agents/reporter/index.ts';
import { retirementOutlookOf, type RetirementInput } from '../../src/agents/retirement/index.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from '../../src/contracts/payloads.ts';
import { InputError, ModelOutputError, UpstreamError } from '../../src/errors.ts';
import { handleJobMessage, reapOverdueJobs, retryJob, submitJob } from '../../src/jobs/index.ts';
import { DEADLINE_MARGIN_MS } from '../../src/jobs/settings.ts';
import { NO_USAGE } from '../../src/llm/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps, TEST_NOW } from '../helpers/job-deps.ts';

/** A queue that only remembers what was sent; the test delivers messages itself. */
function recordingQueue() {
  const sent: string[] = [];
  return { sent, send: (jobId: string) => Promise.resolve(void sent.push(jobId)) };
}

/** A charter whose every run fails the way a model that keeps answering nonsense does. */
const brokenCharter: AgentDefinition<never, never> = {
  name: 'charter',
  inputSchema: null as never,
  outputSchema: null as never,
  run: () =>
    Promise.reject(new ModelOutputError('scripted:bad', 'charts failed their schema twice')),
};

describe('the planner pipeline on the embedded database', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createPgliteTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('analyses the demo portfolio with all five agents and stores valid payloads', async () => {
    const { deps, repositories, events } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const queue = recordingQueue();
    const job = await submitJob({ repositories, queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    expect(queue.sent).toEqual([job.id]);

    const outcome = await handleJobMessage(deps, { job_id: job.id });
    expect(outcome).toEqual({ kind: 'processed', jobId: job.id, status: 'completed' });

    const finished = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(finished.status).toBe('completed');
    expect(reportPayloadSchema.parse(finished.reportPayload).model).toBe('offline');
    expect(
      Object.keys(chartsPayloadSchema.parse(finished.chartsPayload)).length,
    ).toBeGreaterThanOrEqual(4);
    const retirement = retirementPayloadSchema.parse(finished.retirementPayload);
    expect(retirement.results.simulations).toBe(10_000);
    // The demo user was born in 1985: 41 in the test's 2026, so the plan runs to the life
    // table's 10% age for 41 (sex not stated: the 50/50 blend), 94: from the CSV,
    // (8,320 + 15,697) / (94,432 + 97,190) = 12.5% are alive at 94, 9.9% at 95.
    expect(retirement.results.longevity).toMatchObject({ plan_to_age: 94 });
    expect(retirement.analysis).toContain('the chance of running out of money is');
    const summary = summaryPayloadSchema.parse(finished.summaryPayload);
    expect(summary.status_by_agent).toEqual({
      planner: 'completed',
      tagger: 'completed',
      reporter: 'completed',
      charter: 'completed',
      retirement: 'completed',
    });
    const runs = await repositories.agentRuns.list(job.id);
    expect(new Set(runs.map((run) => run.agent))).toEqual(
      new Set(['tagger', 'planner', 'reporter', 'charter', 'retirement']),
    );
    expect(runs.every((run) => run.status === 'succeeded' && run.model === 'offline')).toBe(true);
    // Every specialist quoted the same snapshot: the report's total equals the summary's.
    expect(summary.totals['total_value_usd']).toBe(254_396.8);
    expect(events.filter((event) => event.type === 'agent-finished')).toHaveLength(5);
    expect(events.at(-1)).toMatchObject({ type: 'job-finished', status: 'completed' });
  });

  it('gives one readiness answer: the report states the retirement payload’s success and sustainable spending', async () => {
    const { deps: realDeps, repositories } = createTestJobDeps(database);
    // The real agents, with their inputs kept: the projection must be computed once and shared.
    const inputs: { retirement?: RetirementInput; reporter?: ReporterInput } = {};
    const { retirement, reporter } = realDeps.agents;
    const deps = {
      ...realDeps,
      agents: {
        ...realDeps.agents,
        retirement: {
          ...retirement,
          run: (input: RetirementInput, context: AgentContext) => {
            inputs.retirement = input;
            return retirement.run(input, context);
          },
        },
        reporter: {
          ...reporter,
          run: (input: ReporterInput, context: AgentContext) => {
            inputs.reporter = input;
            return reporter.run(input, context);
          },
        },
      },
    };
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    await handleJobMessage(deps, { job_id: job.id });
    const shared = inputs.retirement?.projection;
    expect(shared).toBeDefined();
    expect(inputs.reporter?.retirementOutlook).toEqual(shared && retirementOutlookOf(shared));
    const finished = await repositories.jobs.get(DEMO_USER_ID, job.id);
    const report = reportPayloadSchema.parse(finished.reportPayload);
    const { results } = retirementPayloadSchema.parse(finished.retirementPayload);

    const content = report.content;
    const readiness = content.slice(
      content.indexOf('## Retirement Readiness'),
      content.indexOf('## Recommendations'),
    );
    const [, success, margin] =
      /retirement in ([\d.]+)% ± ([\d.]+) points \(sampling margin\) of them/.exec(readiness) ?? [];
    // The margin is the payload's own: 1.96 standard errors, one decimal.
    expect(margin).toBe((1.96 * (results.success_standard_error ?? Number.NaN)).toFixed(1));
    const sustainable = /lasts in 90% of paths is about \$([\d,]+) a year/.exec(readiness)?.[1];
    expect(success).toBe(results.success_probability.toFixed(1));
    expect(sustainable?.replaceAll(',', '')).toBe(
      String(Math.round(results.sustainable_spending_at_90pct ?? Number.NaN)),
    );
    // Any "on track" or "nothing urgent" wording follows from the projection.
    if (results.success_probability < 90) {
      expect(content).not.toMatch(/Nothing is urgent|on track\./);
      expect(content).toContain('**Close the retirement gap** (high priority)');
    }
    // No second, home-made estimate beside it, and the figures pass the report's fact check.
    expect(content).not.toMatch(/4% rule|rough indicator|to spare/);
    expect(report.fact_check.mismatches).toEqual([]);
  });

  it('completes without a retirement plan when retirement is past the life table’s 10% age, and says why', async () => {
    const { deps, repositories, events } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    // Born 1985: 41 in the test's 2026. Retiring in 60 years, at 101, is past 94, the age the
    // table's survivors reach with 10% probability: `alex simulate` and POST /api/simulate
    // refuse that horizon, so the job makes no plan of its own (it used to plan 30 years).
    await repositories.users.update(DEMO_USER_ID, { yearsUntilRetirement: 60 });
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const outcome = await handleJobMessage(deps, { job_id: job.id });
    expect(outcome).toEqual({ kind: 'processed', jobId: job.id, status: 'completed' });

    const finished = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(finished.retirementPayload).toBeNull();
    expect(
      Object.keys(chartsPayloadSchema.parse(finished.chartsPayload)).length,
    ).toBeGreaterThanOrEqual(4);
    const reason =
      'no retirement projection can be made for this profile: years_until_retirement: retirement ' +
      'at 101 (age 41 plus 60 years until retirement) is not before 94, the oldest age reached ' +
      "with 10% probability under SSA's period life table";
    const summary = summaryPayloadSchema.parse(finished.summaryPayload);
    expect(summary.status_by_agent).toEqual({
      planner: 'completed',
      tagger: 'completed',
      reporter: 'completed',
      charter: 'completed',
      retirement: 'skipped',
    });
    expect(summary.summary).toContain(`Skipped: retirement (${reason}`);
    // Recorded for the web app's Retirement plan tab, marked as the profile's doing.
    const [retirementSkip, ...otherSkips] = summary.routing?.skipped ?? [];
    expect(otherSkips).toEqual([]);
    expect(retirementSkip).toMatchObject({ agent: 'retirement', about: 'profile' });
    expect(retirementSkip?.reason).toContain(reason);
    const skipped = events.find(
      (event) => event.type === 'agent-skipped' && event.agent === 'retirement',
    );
    expect(skipped && 'reason' in skipped ? skipped.reason : null).toContain(reason);
    const runs = await repositories.agentRuns.list(job.id);
    expect(runs.map((run) => run.agent)).not.toContain('retirement');

    const report = reportPayloadSchema.parse(finished.reportPayload);
    expect(report.content).toContain(
      'No retirement projection can be made for this profile: retirement at 101 (age 41 plus 60 ' +
        'years until retirement) is not before 94',
    );
    expect(report.content).not.toMatch(/lasts all \d+ years of retirement/);
    expect(report.fact_check.mismatches).toEqual([]);
  });

  it("plans to the profile's plan_to_age, past the life table's 10% age, and both outputs say whose age it is", async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    // The profile above, retiring at 101, which the life table alone refuses; planned to 110
    // once the profile says so (the repository checks 110 against the real clock's year, the
    // job against the test's 2026: far enough after 101 for either).
    await repositories.users.update(DEMO_USER_ID, { yearsUntilRetirement: 60, planToAge: 110 });
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const outcome = await handleJobMessage(deps, { job_id: job.id });
    expect(outcome).toEqual({ kind: 'processed', jobId: job.id, status: 'completed' });

    const finished = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(summaryPayloadSchema.parse(finished.summaryPayload).status_by_agent.retirement).toBe(
      'completed',
    );
    const retirement = retirementPayloadSchema.parse(finished.retirementPayload);
    expect(retirement.results.longevity).toMatchObject({
      plan_to_age: 110,
      horizon_rule: 'plan-to-age',
    });
    expect(retirement.assumptions).toMatchObject({
      retirement_age: 101,
      end_age: 110,
      retirement_years: 9,
      horizon_source: "the profile's plan_to_age",
    });
    expect(retirement.analysis).toContain(
      'The plan runs to age 110, the age set in your profile (plan_to_age);',
    );
    const report = reportPayloadSchema.parse(finished.reportPayload);
    expect(report.content).toContain('The plan runs to age 110 (the age set in your profile)');
    expect(report.content).toContain('lasts all 9 years of retirement');
    expect(report.fact_check.mismatches).toEqual([]);
  });

  it('keeps the other results when one specialist fails (partial), and a retry runs only that one', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const queue = recordingQueue();
    const job = await submitJob({ repositories, queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const broken = { ...deps, agents: { ...deps.agents, charter: brokenCharter } };

    expect(await handleJobMessage(broken, { job_id: job.id })).toMatchObject({ status: 'partial' });
    const partial = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(partial.reportPayload).not.toBeNull();
    expect(partial.retirementPayload).not.toBeNull();
    expect(partial.chartsPayload).toBeNull();
    expect(partial.error).toMatch(/^charter: .*charts failed their schema twice/);
    // A model-output failure is not retried within the job: one failed charter run per attempt.
    const charterRuns = (await repositories.agentRuns.list(job.id)).filter(
      (run) => run.agent === 'charter',
    );
    expect(charterRuns.map((run) => run.status)).toEqual(['failed']);

    await retryJob({ repositories, queue }, DEMO_USER_ID, job.id);
    expect(await handleJobMessage(deps, { job_id: job.id })).toMatchObject({ status: 'completed' });
    const runs = await repositories.agentRuns.list(job.id);
    expect(runs.filter((run) => run.agent === 'reporter')).toHaveLength(1);
    expect(runs.filter((run) => run.agent === 'charter').map((run) => run.status)).toEqual([
      'failed',
      'succeeded',
    ]);
    expect((await repositories.jobs.get(DEMO_USER_ID, job.id)).error).toBeNull();
  });

  it('fails the job when every selected specialist fails, never calling it completed', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const failing = (name: 'reporter' | 'retirement') =>
      ({ ...brokenCharter, name, run: () => Promise.reject(new Error(`${name} broke`)) }) as never;
    const broken = {
      ...deps,
      agents: {
        ...deps.agents,
        charter: brokenCharter,
        reporter: failing('reporter'),
        retirement: failing('retirement'),
      },
    };
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    expect(await handleJobMessage(broken, { job_id: job.id })).toMatchObject({ status: 'failed' });
    const failed = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('reporter: reporter broke');
    expect(summaryPayloadSchema.parse(failed.summaryPayload).summary).toMatch(/failed/i);
  });

  it('processes a duplicate delivery once', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const [first, second] = await Promise.all([
      handleJobMessage(deps, { job_id: job.id }),
      handleJobMessage(deps, job.id),
    ]);
    expect([first.kind, second.kind].sort()).toEqual(['duplicate', 'processed']);
    expect(await handleJobMessage(deps, { job_id: job.id })).toEqual({
      kind: 'duplicate',
      jobId: job.id,
      status: 'completed',
    });
    const runs = await repositories.agentRuns.list(job.id);
    expect(runs.filter((run) => run.agent === 'reporter')).toHaveLength(1);
  });

  it('puts a crashed job back in the queue while attempts remain, then fails it with the reason', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    // What node-postgres rejects with when the server ends the session (pg_terminate_backend).
    const lostConnection = () =>
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    const crashing = { ...deps, refreshPrices: () => Promise.reject(lostConnection()) };
    for (const attempt of [1, 2]) {
      await expect(handleJobMessage(crashing, { job_id: job.id })).rejects.toThrowError(
        'terminating connection',
      );
      const pending = await repositories.jobs.get(DEMO_USER_ID, job.id);
      expect(pending).toMatchObject({ status: 'pending', attempts: attempt });
    }
    await expect(handleJobMessage(crashing, { job_id: job.id })).rejects.toThrowError(
      'terminating connection',
    );
    const failed = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      'attempt 3 of 3: terminating connection due to administrator command',
    );
  });

  it.each([
    ['bad input', () => InputError.field('positions.0.quantity', 'must be positive')],
    ['a model answer that failed its repair', () => new ModelOutputError('m', 'bad twice')],
    ['a provider refusing the key', () => new UpstreamError('openai', 'bad key', { status: 401 })],
    ['a bug', () => new TypeError('x is not a function')],
  ])('fails a job at once, in one attempt, when its error would recur (%s)', async (_, error) => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const crashing = { ...deps, refreshPrices: () => Promise.reject(error()) };
    expect(await handleJobMessage(crashing, { job_id: job.id })).toEqual({
      kind: 'processed',
      jobId: job.id,
      status: 'failed',
    });
    const failed = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toBe(`attempt 1 of 3: ${error().message} (not retryable)`);
    // A redelivery of its message finds it failed and runs nothing.
    expect(await handleJobMessage(deps, { job_id: job.id })).toMatchObject({
      kind: 'duplicate',
      status: 'failed',
    });
  });

  it('cuts an agent short at the job deadline, so the attempt ends by itself', async () => {
    const { deps, repositories } = createTestJobDeps(database, {});
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    // A planner that never answers, in a job with 300 ms left after the margin.
    const hanging = {
      ...deps,
      agents: {
        ...deps.agents,
        planner: { ...deps.agents.planner, run: () => new Promise<never>(() => undefined) },
      },
      settings: { ...deps.settings, jobDeadlineMs: DEADLINE_MARGIN_MS + 300 },
    };
    await expect(handleJobMessage(hanging, { job_id: job.id })).rejects.toThrowError(
      "planner agent (cut short by the job's deadline) timed out after 300 ms",
    );
    const runs = await repositories.agentRuns.list(job.id);
    expect(runs.find((run) => run.agent === 'planner')).toMatchObject({ status: 'failed' });
    expect(await repositories.jobs.get(DEMO_USER_ID, job.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
  });

  it('fails a job whose message cannot be enqueued instead of leaving it pending', async () => {
    const { repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const queue = { send: () => Promise.reject(new Error('queue unreachable')) };
    await expect(
      submitJob({ repositories, queue }, DEMO_USER_ID, { analysis_type: 'portfolio_analysis' }),
    ).rejects.toThrowError('queue unreachable');
    const [job] = await repositories.jobs.list(DEMO_USER_ID);
    expect(job).toMatchObject({
      status: 'failed',
      error: 'could not enqueue the job: queue unreachable',
    });
  });

  it('reaps a job whose worker died: re-queued with attempts left, failed without', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const queue = recordingQueue();
    const job = await submitJob({ repositories, queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    await repositories.jobs.claim(job.id, new Date(TEST_NOW.getTime() - 1000));
    const reaped = await reapOverdueJobs(
      {
        repositories,
        queue,
        logger: deps.logger,
        heartbeatTimeoutMs: deps.settings.heartbeatTimeoutMs,
      },
      TEST_NOW,
    );
    expect(reaped).toEqual({ requeued: [job.id], failed: [], resent: [] });
    expect(queue.sent).toEqual([job.id, job.id]);

    await repositories.jobs.claim(job.id, new Date(TEST_NOW.getTime() - 1000));
    await repositories.jobs.requeue(job.id, ['running']);
    await repositories.jobs.claim(job.id, new Date(TEST_NOW.getTime() - 1000));
    const final = await reapOverdueJobs(
      {
        repositories,
        queue,
        logger: deps.logger,
        heartbeatTimeoutMs: deps.settings.heartbeatTimeoutMs,
      },
      TEST_NOW,
    );
    expect(final).toEqual({ requeued: [], failed: [job.id], resent: [] });
    expect((await repositories.jobs.get(DEMO_USER_ID, job.id)).error).toMatch(
      /attempt 3 of 3 lost its worker/,
    );
  });

  it('takes over a job whose worker died when its message is delivered again after the deadline', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    await repositories.jobs.claim(job.id, new Date(TEST_NOW.getTime() + 60_000));
    expect(await handleJobMessage(deps, { job_id: job.id })).toMatchObject({
      kind: 'duplicate',
      status: 'running',
    });

    await repositories.jobs.requeue(job.id, ['running']);
    await repositories.jobs.claim(job.id, new Date(TEST_NOW.getTime() - 1000));
    expect(await handleJobMessage(deps, { job_id: job.id })).toEqual({
      kind: 'processed',
      jobId: job.id,
      status: 'completed',
    });
    expect((await repositories.jobs.get(DEMO_USER_ID, job.id)).attempts).toBe(3);
  });

  it('does not take a remote specialist at its word: no payload written means failed', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
      agents: ['reporter', 'charter'],
    });
    const boasting = (agent: 'reporter' | 'charter' | 'retirement') =>
      Promise.resolve({ agent, status: 'completed' as const, elapsedMs: 1, model: 'offline' });
    const outcome = await handleJobMessage(deps, { job_id: job.id }, { runSpecialist: boasting });
    expect(outcome).toMatchObject({ status: 'failed' });
    const failed = await repositories.jobs.get(DEMO_USER_ID, job.id);
    expect(failed.error).toBe(
      'reporter: reported success but wrote no reporter payload; charter: reported success but wrote no charter payload',
    );
  });

  it('sends a long-pending job again: its message was lost', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const queue = recordingQueue();
    const job = await submitJob({ repositories, queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    const reaperDeps = {
      repositories,
      queue,
      logger: deps.logger,
      heartbeatTimeoutMs: deps.settings.heartbeatTimeoutMs,
    };
    expect((await reapOverdueJobs(reaperDeps, new Date(Date.now() + 60_000))).resent).toEqual([]);
    expect((await reapOverdueJobs(reaperDeps, new Date(Date.now() + 11 * 60_000))).resent).toEqual([
      job.id,
    ]);
    expect(queue.sent).toEqual([job.id, job.id]);
  });

  it('uses no made-up usage: offline runs record zero tokens and zero cost', async () => {
    const { deps, repositories } = createTestJobDeps(database);
    await seedDemoPortfolio(repositories);
    const job = await submitJob({ repositories, queue: recordingQueue() }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
    });
    await handleJobMessage(deps, { job_id: job.id });
    const summary = summaryPayloadSchema.parse(
      (await repositories.jobs.get(DEMO_USER_ID, job.id)).summaryPayload,
    );
    expect({ ...summary.usage, by_agent: undefined }).toEqual({
      ...NO_USAGE_WIRE,
      by_agent: undefined,
    });
  });
});

const NO_USAGE_WIRE = {
  input_tokens: NO_USAGE.inputTokens,
  output_tokens: NO_USAGE.outputTokens,
  cost_usd: NO_USAGE.costUsd,
};
