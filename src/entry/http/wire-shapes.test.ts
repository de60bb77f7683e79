import { describe, expect, it } from 'vitest';
import { apiJobListItemSchema } from '../../contracts/api.ts';
import type { Job, JobListItem, User } from '../../store/repositories/index.ts';
import { toApiJob, toApiJobListItem } from './wire-shapes.ts';

const owner: User = {
  id: '00000000-0000-4000-8000-000000000001',
  externalId: 'user_2abc',
  displayName: 'Ada',
  birthYear: null,
  sex: null,
  planToAge: null,
  yearsUntilRetirement: 20,
  targetRetirementIncomeUsd: 60_000,
  annualContributionUsd: 0,
  assetClassTargets: {},
  regionTargets: {},
  incomePlan: { spouse_birth_year: null, streams: [] },
  xrayThresholds: {},
  taxPlan: { filing_status: 'single', withdrawal_order: 'taxable_first', tax_deferred_rate: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function job(overrides: Partial<Job>): Job {
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
    userId: owner.id,
    type: 'portfolio_analysis',
    status: 'completed',
    request: { analysis_type: 'portfolio_analysis' },
    snapshot: null,
    reportPayload: null,
    chartsPayload: null,
    retirementPayload: null,
    summaryPayload: null,
    error: null,
    attempts: 1,
    maxAttempts: 3,
    deadlineAt: null,
    heartbeatAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    completedAt: '2026-01-01T00:00:09.000Z',
    updatedAt: '2026-01-01T00:00:09.000Z',
    ...overrides,
  };
}

const summary = {
  summary: 'two of three specialists finished',
  status_by_agent: {
    planner: 'completed',
    reporter: 'completed',
    charter: 'failed',
    retirement: 'completed',
  },
  timings_ms: {},
  usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0, by_agent: {} },
  totals: {},
} as const;

describe('a job as the API shows it', () => {
  it('reads a partial job as completed, with partial and the failed agents named', () => {
    const shown = toApiJob(
      job({ status: 'partial', summaryPayload: summary, error: 'charter: timed out' }),
      owner,
    );
    expect(shown).toMatchObject({
      status: 'completed',
      partial: true,
      failed_agents: ['charter'],
      error_message: 'charter: timed out',
      clerk_user_id: 'user_2abc',
    });
  });

  it('keeps completed, failed, pending and running as they are, not partial', () => {
    for (const status of ['completed', 'failed', 'pending', 'running'] as const) {
      const shown = toApiJob(job({ status }), owner);
      expect(shown.status).toBe(status);
      expect(shown.partial).toBe(false);
    }
  });
});

function listItem(overrides: Partial<JobListItem>): JobListItem {
  return {
    id: '00000000-0000-4000-8000-0000000000bb',
    userId: owner.id,
    type: 'portfolio_analysis',
    status: 'completed',
    error: null,
    attempts: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    completedAt: '2026-01-01T00:00:09.000Z',
    updatedAt: '2026-01-01T00:00:09.000Z',
    hasReport: true,
    hasCharts: false,
    hasRetirement: true,
    statusByAgent: summary.status_by_agent,
    costUsd: 0.0123,
    retirementHeadline: {
      successProbability: 81.5,
      successStandardError: 0.5,
      sustainableSpendingAt90pct: 40_000,
    },
    ...overrides,
  };
}

describe('a job as the API lists it', () => {
  it('reads a partial job as toApiJob does, with its results, cost and headline', () => {
    const shown = apiJobListItemSchema.parse(
      toApiJobListItem(listItem({ status: 'partial', error: 'charter: timed out' }), owner),
    );
    expect(shown).toMatchObject({
      status: 'completed',
      partial: true,
      failed_agents: ['charter'],
      error_message: 'charter: timed out',
      clerk_user_id: 'user_2abc',
      has_report: true,
      has_charts: false,
      has_retirement: true,
      cost_usd: 0.0123,
      retirement_headline: {
        success_probability: 81.5,
        success_standard_error: 0.5,
        sustainable_spending_at_90pct: 40_000,
      },
    });
  });

  it('names no failed agents, cost or headline for a job that has no summary yet', () => {
    const shown = toApiJobListItem(
      listItem({
        status: 'running',
        statusByAgent: null,
        costUsd: null,
        hasRetirement: false,
        retirementHeadline: null,
      }),
      owner,
    );
    expect(shown).toMatchObject({
      status: 'running',
      partial: false,
      failed_agents: [],
      cost_usd: null,
      retirement_headline: null,
    });
  });
});
