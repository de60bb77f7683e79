import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jobListSchema } from '../../../src/contracts/api.ts';
import { deferred, installFakeApi, json, problem } from '../../test/fake-api.ts';
import { AT, jobList, jobListItem, JOB_ID, OTHER_JOB_ID } from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import HistoryScreen from './history.tsx';

const UNREADABLE_ID = '0b6c9a52-1111-4222-8333-444455558888';

describe('history screen', () => {
  it('says it is loading while the list is on its way', () => {
    const api = installFakeApi();
    api.on('GET', '/api/jobs', () => deferred().answer);
    renderScreen(<HistoryScreen />);
    expect(screen.getByRole('status').textContent).toBe('Loading past analyses…');
  });

  it('shows why the list could not be loaded', async () => {
    installFakeApi().on('GET', '/api/jobs', () => problem(503, 'the database is not reachable'));
    renderScreen(<HistoryScreen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load past analyses (HTTP 503): the database is not reachable',
    );
  });

  it('offers to start an analysis when there is none', async () => {
    installFakeApi().on('GET', '/api/jobs', () => json(jobListSchema, jobList([])));
    renderScreen(<HistoryScreen />);
    const link = await screen.findByRole('link', { name: 'Start one' });
    expect(link.getAttribute('href')).toBe('/analysis');
  });

  it('lists completed, partial, failed and unreadable analyses with their links', async () => {
    const partial = jobListItem({
      id: OTHER_JOB_ID,
      partial: true,
      failed_agents: ['charter'],
      has_charts: false,
      error_message: 'charter: the model answered no charts',
    });
    const failed = jobListItem({
      id: '0b6c9a52-1111-4222-8333-444455559999',
      status: 'failed',
      error_message: 'no priced positions',
      has_report: false,
      has_charts: false,
      has_retirement: false,
      cost_usd: null,
      retirement_headline: null,
    });
    const unreadable = {
      id: UNREADABLE_ID,
      status: 'completed',
      unreadable: true as const,
      error_message: 'report_payload.content: must not be empty',
      created_at: AT,
    };
    installFakeApi().on('GET', '/api/jobs', () =>
      json(jobListSchema, jobList([jobListItem(), partial, failed, unreadable])),
    );
    renderScreen(<HistoryScreen />);

    const table = await screen.findByRole('table', { name: 'Past analyses, newest first' });
    expect(screen.getByRole('region', { name: 'Past analyses' }).contains(table)).toBe(true);
    const [, completedRow, partialRow, failedRow, unreadableRow] =
      within(table).getAllByRole('row');

    const completed = within(completedRow!);
    expect(completed.getByText('Completed')).toBeTruthy();
    expect(completed.getByText('$0.01')).toBeTruthy();
    expect(completed.getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(
      `/analysis/${JOB_ID}`,
    );
    expect(completed.getByRole('link', { name: 'report.md' }).getAttribute('href')).toBe(
      `/api/jobs/${JOB_ID}/report.md`,
    );
    expect(completed.getByRole('link', { name: 'charts.json' }).getAttribute('href')).toBe(
      `/api/jobs/${JOB_ID}/charts.json`,
    );

    const partialCells = within(partialRow!);
    expect(partialCells.getByText('Partial')).toBeTruthy();
    expect(partialCells.getByText('charter: the model answered no charts')).toBeTruthy();
    expect(partialCells.getByRole('link', { name: 'report.md' })).toBeTruthy();
    expect(partialCells.queryByRole('link', { name: 'charts.json' })).toBeNull();

    const failedCells = within(failedRow!);
    expect(failedCells.getByText('Failed')).toBeTruthy();
    expect(failedCells.getByText('no priced positions')).toBeTruthy();
    expect(failedCells.queryByRole('link', { name: 'report.md' })).toBeNull();

    expect(unreadableRow!.textContent).toContain(
      'Unreadable: report_payload.content: must not be empty',
    );
    expect(within(unreadableRow!).queryByRole('link')).toBeNull();
  });
});
