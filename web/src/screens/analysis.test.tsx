import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { analyzeResponseSchema, apiJobSchema, jobListSchema } from '../../../src/contracts/api.ts';
import { deferred, eventStream, installFakeApi, json, problem } from '../../test/fake-api.ts';
import {
  AT,
  job,
  jobList,
  jobListItem,
  JOB_ID,
  OTHER_JOB_ID,
  report,
  summary,
  summarySkippingRetirement,
} from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import AnalysisScreen from './analysis.tsx';

// The analysis screen's states, driven through GET /api/jobs/{id} and its event stream.

const JOB_PATH = `/api/jobs/${JOB_ID}`;
const EVENTS_PATH = `/api/jobs/${JOB_ID}/events`;

function answerJob(answer: ReturnType<typeof job>) {
  return installFakeApi()
    .on('GET', JOB_PATH, () => json(apiJobSchema, answer))
    .on('GET', EVENTS_PATH, () => eventStream([]));
}

describe('analysis screen', () => {
  it('says it is loading while the job is on its way', () => {
    installFakeApi()
      .on('GET', JOB_PATH, () => deferred().answer)
      .on('GET', EVENTS_PATH, () => deferred().answer);
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    expect(screen.getByRole('status').textContent).toBe('Loading the analysis…');
  });

  it('shows why the job could not be loaded', async () => {
    installFakeApi()
      .on('GET', JOB_PATH, () => problem(404, `job ${JOB_ID} not found`))
      .on('GET', EVENTS_PATH, () => problem(404, `job ${JOB_ID} not found`));
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      `Could not load the analysis (HTTP 404): job ${JOB_ID} not found`,
    );
  });

  it('offers to start the first analysis and opens it once started', async () => {
    const api = installFakeApi()
      .on('GET', '/api/jobs', () => json(jobListSchema, jobList([])))
      .on('POST', '/api/analyze', () =>
        json(analyzeResponseSchema, { job_id: JOB_ID, message: 'started' }),
      );
    const { user } = renderScreen(<AnalysisScreen jobId={null} />);
    expect(await screen.findByText(/No analysis yet/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Start an analysis' }));
    await waitFor(() => expect(window.location.pathname).toBe(`/analysis/${JOB_ID}`));
    expect(api.sent('POST', '/api/analyze').map((request) => request.body)).toEqual([
      { analysis_type: 'portfolio', options: {} },
    ]);
  });

  it('shows live progress by agent from the event stream while the job runs', async () => {
    installFakeApi()
      .on('GET', JOB_PATH, () =>
        json(
          apiJobSchema,
          job({
            status: 'running',
            report_payload: null,
            charts_payload: null,
            retirement_payload: null,
            summary_payload: null,
            completed_at: null,
          }),
        ),
      )
      .on('GET', EVENTS_PATH, () =>
        eventStream([
          { type: 'agent-started', at: AT, agent: 'planner' },
          {
            type: 'agent-finished',
            at: AT,
            agent: 'planner',
            duration_ms: 40,
            input_tokens: 1200,
            output_tokens: 80,
            cost_usd: 0.02,
          },
          { type: 'agent-started', at: AT, agent: 'tagger' },
        ]),
      );
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    expect((await screen.findByText('Running…')).getAttribute('data-status')).toBe('running');
    const table = screen.getByRole('table', { name: 'Progress by agent' });
    const planner = await within(table).findByRole('row', { name: /^Planner Done/ });
    expect(planner.textContent).toBe('PlannerDone40 ms1200 / 80$0.02');
    expect(within(table).getByRole('row', { name: /^Tagger/ }).textContent).toContain('Running');
    expect(within(table).getByRole('row', { name: /^Reporter/ }).textContent).toContain('Waiting');
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('shows a completed job as tabs, the report first with its fact check', async () => {
    answerJob(job());
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    const tabs = await screen.findByRole('tablist', { name: 'Analysis results' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((tab) => tab.textContent),
    ).toEqual(['Report', 'Charts', 'Retirement plan']);
    expect(screen.getByRole('tab', { name: 'Report' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('fact-check').textContent).toBe(
      'Fact check passed: all 3 figures in the report match the computed analytics.',
    );
    expect(screen.getByText('Analysis of 2 holdings.')).toBeTruthy();
    expect(screen.queryByTestId('job-partial')).toBeNull();
  });

  it("renders the report's headings one level below the screen's own h1", async () => {
    answerJob(job());
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    await screen.findByRole('tablist');
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual([
      'Analysis',
    ]);
    expect(screen.getByRole('heading', { level: 2, name: 'Portfolio report' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: 'Executive Summary' })).toBeTruthy();
  });

  it('moves between result tabs with the arrow keys and shows every chart with its values', async () => {
    answerJob(job());
    const { user } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    await user.click(await screen.findByRole('tab', { name: 'Report' }));
    await user.keyboard('{ArrowRight}');
    const chartsTab = screen.getByRole('tab', { name: 'Charts' });
    expect(chartsTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(chartsTab);

    const panel = screen.getByRole('tabpanel', { name: 'Charts' });
    const drawings = within(panel).getAllByRole('img');
    expect(drawings.map((drawing) => drawing.getAttribute('aria-label'))).toEqual([
      'By holding: VTI $20,000, BND $5,000; total $25,000.',
      'By account: Brokerage $25,000; total $25,000.',
      'By asset class: Equity $20,000, Fixed income $5,000; total $25,000.',
      'By region: North America $25,000; total $25,000.',
    ]);
    expect(within(panel).queryByRole('table', { name: 'By holding' })).toBeNull();
    const [showFirst] = within(panel).getAllByRole('button', {
      name: 'Show the values as a table',
    });
    await user.click(showFirst!);
    const values = within(panel).getByRole('table', { name: 'By holding' });
    expect(within(panel).getByRole('region', { name: 'By holding: values' }).contains(values)).toBe(
      true,
    );
    expect(
      within(values)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual([
      'NameValueShare',
      'VTI$20,000.0080.0%',
      'BND$5,000.0020.0%',
      'Total$25,000.00100.0%',
    ]);

    await user.click(chartsTab);
    await user.keyboard('{ArrowRight}');
    const plan = screen.getByRole('tabpanel', { name: 'Retirement plan' });
    expect(within(plan).getByTestId('success-probability').textContent).toBe(
      '81.5% ± 1.0 ptschance the money lasts',
    );
    expect(within(plan).getByText('On track with a 81.5% chance.')).toBeTruthy();
  });

  it('says in the Retirement plan tab why the profile ruled the agent out, and links to Settings', async () => {
    // The reason as the planner words it for a profile retiring past the life table's 10% age.
    const reason =
      'no retirement projection can be made for this profile: years_until_retirement: ' +
      'retirement at 95 (age 70 plus 25 years until retirement) is not before 92, the oldest ' +
      "age reached with 10% probability under SSA's period life table, so there are no " +
      'retirement years to project; in the profile, set plan_to_age to the age to plan to ' +
      '(after 95, at most 120), lower years_until_retirement, or correct birth_year';
    answerJob(
      job({
        retirement_payload: null,
        summary_payload: summarySkippingRetirement({ reason, about: 'profile' }),
      }),
    );
    const { user } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    await user.click(await screen.findByRole('tab', { name: 'Retirement plan' }));
    const panel = screen.getByRole('tabpanel', { name: 'Retirement plan' });
    expect(
      within(panel)
        .getAllByRole('paragraph')
        .map((paragraph) => paragraph.textContent),
    ).toEqual([
      'No retirement plan in this analysis: the Retirement agent was skipped because of your profile.',
      'No retirement projection can be made for this profile: “Years until retirement”: ' +
        'retirement at 95 (age 70 plus 25 years until retirement) is not before 92, the oldest ' +
        "age reached with 10% probability under SSA's period life table, so there are no " +
        'retirement years to project; in the profile, set “Plan to age” to the age to plan to ' +
        '(after 95, at most 120), lower “Years until retirement”, or correct “Birth year”.',
      'Change your profile in Settings, then run a new analysis.',
    ]);
    const settings = within(panel).getByRole('link', { name: 'Change your profile in Settings' });
    expect(settings.getAttribute('href')).toBe('/settings');
    await user.click(settings);
    expect(window.location.pathname).toBe('/settings');
  });

  it('says why the Retirement agent was skipped for a reason not about the profile, with no Settings link', async () => {
    answerJob(
      job({
        retirement_payload: null,
        summary_payload: summarySkippingRetirement({ reason: 'not requested' }),
      }),
    );
    const { user } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    await user.click(await screen.findByRole('tab', { name: 'Retirement plan' }));
    const panel = screen.getByRole('tabpanel', { name: 'Retirement plan' });
    expect(panel.textContent).toBe(
      'No retirement plan in this analysis: the Retirement agent was skipped. Not requested.',
    );
    expect(within(panel).queryByRole('link')).toBeNull();
  });

  it('says when the Retirement agent was skipped without a recorded reason', async () => {
    answerJob(
      job({
        retirement_payload: null,
        summary_payload: {
          ...summary,
          status_by_agent: { ...summary.status_by_agent, retirement: 'skipped' },
        },
      }),
    );
    const { user } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    await user.click(await screen.findByRole('tab', { name: 'Retirement plan' }));
    expect(screen.getByRole('tabpanel', { name: 'Retirement plan' }).textContent).toBe(
      'No retirement plan in this analysis: the Retirement agent was skipped, and the analysis recorded no reason.',
    );
  });

  it('names the failed agents of a partial job and still shows what the others produced', async () => {
    const partial = job({
      partial: true,
      failed_agents: ['charter'],
      charts_payload: null,
      error_message: 'charter: the model answered no charts',
    });
    answerJob(partial);
    const { user } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    const notice = await screen.findByTestId('job-partial');
    expect(notice.textContent).toBe(
      'Partly done: Charter failed; the other results are shown below. ' +
        '(charter: the model answered no charts)',
    );
    expect(screen.getByTestId('job-status').textContent).toBe('Partial');
    expect(screen.getByRole('heading', { name: 'Executive Summary' })).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Charts' }));
    expect(screen.getByRole('tabpanel', { name: 'Charts' }).textContent).toBe(
      'No charts in this analysis: its agent failed.',
    );
  });

  it("shows a partial job's error once: in the summary line when it gives it, not again in the notice", async () => {
    // The summary the pipeline writes for a partial job gives each failed agent's error.
    answerJob(
      job({
        partial: true,
        failed_agents: ['charter'],
        charts_payload: null,
        error_message: 'charter: the model answered no charts',
        summary_payload: {
          ...summary,
          summary:
            'The analysis is partial: 1 of the 5 agents that ran failed (charter); the other ' +
            'results are kept. charter failed: the model answered no charts',
        },
      }),
    );
    const { container } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    expect((await screen.findByTestId('job-partial')).textContent).toBe(
      'Partly done: Charter failed; the other results are shown below.',
    );
    expect(container.textContent?.split('the model answered no charts')).toHaveLength(2);
  });

  it('shows a failed job with its error and no result tabs', async () => {
    answerJob(
      job({
        status: 'failed',
        error_message: 'no priced positions',
        report_payload: null,
        charts_payload: null,
        retirement_payload: null,
      }),
    );
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The analysis failed: no priced positions.',
    );
    expect(screen.getByTestId('job-status').textContent).toBe('Failed');
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it("shows a failed job's error once, not again in the job summary", async () => {
    // The summary the pipeline writes for a failed job names each failure, as the error does.
    answerJob(
      job({
        status: 'failed',
        error_message: 'retirement: the model timed out',
        summary_payload: {
          ...summary,
          summary:
            'The analysis failed: 1 of the 3 agents that ran failed (retirement). ' +
            'Completed: tagger, planner. retirement failed: the model timed out',
        },
        report_payload: null,
        charts_payload: null,
        retirement_payload: null,
      }),
    );
    const { container } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The analysis failed: retirement: the model timed out.',
    );
    expect(container.textContent?.split('the model timed out')).toHaveLength(2);
  });

  it('shows the latest analysis when none is named, with a button for a new one', async () => {
    installFakeApi()
      .on('GET', '/api/jobs', () =>
        json(jobListSchema, jobList([jobListItem({ id: OTHER_JOB_ID })])),
      )
      .on('GET', `/api/jobs/${OTHER_JOB_ID}`, () => json(apiJobSchema, job({ id: OTHER_JOB_ID })))
      .on('GET', `/api/jobs/${OTHER_JOB_ID}/events`, () => eventStream([]));
    renderScreen(<AnalysisScreen jobId={null} />);
    expect(await screen.findByRole('heading', { level: 2, name: 'Latest analysis' })).toBeTruthy();
    expect(await screen.findByRole('tablist')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start a new analysis' })).toBeTruthy();
  });

  it('renders model-written markdown without raw HTML or images from other hosts', async () => {
    answerJob(
      job({
        report_payload: {
          ...report,
          content:
            '## Executive Summary\n\n<script>alert(1)</script><b onclick="x()">bold</b>\n\n' +
            '![tracker](https://evil.example/pixel.png) [docs](https://example.com/docs)',
        },
      }),
    );
    const { container } = renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    const link = await screen.findByRole('link', { name: 'docs' });
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.getByText('[image: tracker]')).toBeTruthy();
    expect(container.querySelector('script, img, [onclick]')).toBeNull();
  });

  it('lists the fact check mismatches when figures do not match', async () => {
    answerJob(
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
    renderScreen(<AnalysisScreen jobId={JOB_ID} />);
    const note = await screen.findByRole('note');
    expect(within(note).getByText(/1 of 4 figures do not match/)).toBeTruthy();
    expect(within(note).getByRole('listitem').textContent).toBe(
      '$2,000: no computed figure is $2,000',
    );
  });
});
