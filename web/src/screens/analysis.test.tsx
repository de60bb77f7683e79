import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { keys } from '../api/queries.ts';
import type { ChartsPayload, Job, ReportPayload, RetirementPayload } from '../api/types.ts';
import AnalysisScreen from './analysis.tsx';

// The analysis screen's states, rendered from a job as GET /api/jobs/{id} answers it.

const JOB_ID = '0b6c9a52-1111-4222-8333-444455556666';
const AT = '2026-12-04T10:00:00.000Z';

const report: ReportPayload = {
  content: '# Portfolio report\n\n## Executive Summary\n\nWorth **$1,000**.',
  generated_at: AT,
  agent: 'reporter',
  model: 'offline',
  fact_check: { figures: 3, mismatches: [] },
  sources: [],
};

const chart = (title: string) => ({
  title,
  type: 'pie' as const,
  description: '',
  data: [{ name: 'VTI', value: 1000, color: '#2563eb' }],
  total: 1000,
});
const charts: ChartsPayload = {
  a: chart('A'),
  b: chart('B'),
  c: chart('C'),
  d: chart('D'),
};

const percentiles = { p10: 1, p25: 2, p50: 3, p75: 4, p90: 5 };
const retirement: RetirementPayload = {
  analysis: 'On track.',
  generated_at: AT,
  agent: 'retirement',
  model: 'offline',
  assumptions: {},
  results: {
    success_probability: 81.5,
    simulations: 1000,
    seed: 1,
    median_at_retirement: 3,
    percentiles_at_retirement: percentiles,
    percentiles_at_end: percentiles,
    depletion_age_histogram: [],
    sustainable_spending_at_90pct: 40000,
  },
  series: [{ age: 60, year: 2030, ...percentiles }],
  levers: [],
};

function job(changes: Partial<Job>): Job {
  return {
    id: JOB_ID,
    clerk_user_id: 'local',
    job_type: 'portfolio_analysis',
    status: 'completed',
    partial: false,
    failed_agents: [],
    request_payload: {},
    report_payload: report,
    charts_payload: charts,
    retirement_payload: retirement,
    summary_payload: null,
    error_message: null,
    attempts: 1,
    created_at: AT,
    started_at: AT,
    completed_at: AT,
    updated_at: AT,
    ...changes,
  };
}

function render(answer: Job): string {
  const queryClient = new QueryClient();
  queryClient.setQueryData(keys.job(JOB_ID), answer);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <AnalysisScreen jobId={JOB_ID} />
    </QueryClientProvider>,
  );
}

describe('analysis screen', () => {
  it('shows a completed job as tabs, the report first with its fact check', () => {
    const html = render(job({}));
    expect(html).toContain('role="tablist"');
    expect(html).toContain('Executive Summary');
    expect(html).toContain('Fact check passed: all 3 figures');
    expect(html).not.toContain('data-testid="job-partial"');
  });

  it('names the failed agents of a partial job and still shows what the others produced', () => {
    const html = render(job({ partial: true, failed_agents: ['charter'], charts_payload: null }));
    expect(html).toContain('data-testid="job-partial"');
    expect(html).toMatch(/Partly done: Charter failed/);
    expect(html).toContain('Executive Summary');
  });

  it('shows a failed job with its error and no result tabs', () => {
    const html = render(
      job({
        status: 'failed',
        error_message: 'no priced positions',
        report_payload: null,
        charts_payload: null,
        retirement_payload: null,
      }),
    );
    expect(html).toContain('The analysis failed: no priced positions.');
    expect(html).not.toContain('role="tablist"');
  });

  it('renders model-written markdown without raw HTML or images from other hosts', () => {
    const html = render(
      job({
        report_payload: {
          ...report,
          content:
            '## Executive Summary\n\n<script>alert(1)</script><b onclick="x()">bold</b>\n\n' +
            '![tracker](https://evil.example/pixel.png) [docs](https://example.com/docs)',
        },
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onclick');
    expect(html).not.toContain('<img');
    expect(html).toContain('[image: tracker]');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('lists the fact check mismatches when figures do not match', () => {
    const html = render(
      job({
        report_payload: {
          ...report,
          fact_check: {
            figures: 4,
            mismatches: [{ text: '$2,000', reason: 'no computed figure is $2,000' }],
          },
        },
      }),
    );
    expect(html).toContain('1 of 4 figures do not match');
    expect(html).toContain('no computed figure is $2,000');
  });
});
