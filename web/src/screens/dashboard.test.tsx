import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apiAccountSchema,
  jobListSchema,
  populateTestDataResponseSchema,
  portfolioAnalyticsSchema,
  userEnvelopeSchema,
} from '../../../src/contracts/api.ts';
import { deferred, installFakeApi, json, problem } from '../../test/fake-api.ts';
import {
  account,
  jobList,
  jobListItem,
  JOB_ID,
  portfolioAnalytics,
  user,
  xray,
} from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import { xrayResponseSchema } from '../../../src/contracts/xray.ts';
import { Dashboard } from './dashboard.tsx';

const ACCOUNT_ID = '0b6c9a52-2222-4000-8000-0000000000a1';
const brokerage = account(ACCOUNT_ID, 'Brokerage', 1_000);
const accountList = z.array(apiAccountSchema);

function withProfile() {
  return installFakeApi()
    .on('GET', '/api/user', () => json(userEnvelopeSchema, { user: user(), created: false }))
    .on('GET', '/api/jobs', () => json(jobListSchema, jobList([jobListItem()])))
    .on('GET', '/api/xray', () => json(xrayResponseSchema, xray));
}

describe('dashboard', () => {
  it('says it is loading while the accounts are on their way', () => {
    installFakeApi()
      .on('GET', '/api/accounts', () => deferred().answer)
      .on('GET', '/api/portfolio', () => deferred().answer);
    renderScreen(<Dashboard />);
    expect(screen.getByRole('status').textContent).toBe('Loading your accounts…');
  });

  it('shows why the accounts could not be loaded', async () => {
    installFakeApi()
      .on('GET', '/api/accounts', () => problem(500, 'the database is not reachable'))
      .on('GET', '/api/portfolio', () => problem(500, 'the database is not reachable'));
    renderScreen(<Dashboard />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load your accounts (HTTP 500): the database is not reachable',
    );
  });

  it('offers the demo portfolio and an account form when empty, then shows the figures', async () => {
    let accounts: Array<z.input<typeof apiAccountSchema>> = [];
    const api = withProfile()
      .on('GET', '/api/accounts', () => json(accountList, accounts))
      .on('GET', '/api/portfolio', () => json(portfolioAnalyticsSchema, portfolioAnalytics))
      .on('POST', '/api/populate-test-data', () => {
        accounts = [brokerage];
        return json(populateTestDataResponseSchema, {
          message: 'created',
          accounts_created: 1,
          accounts,
        });
      });
    const { user: person } = renderScreen(<Dashboard />);
    expect(await screen.findByRole('heading', { name: 'No accounts yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Add an account' }).getAttribute('href')).toBe(
      '/accounts',
    );
    await person.click(screen.getByRole('button', { name: 'Load the demo portfolio' }));
    expect((await screen.findByTestId('total-value')).textContent).toBe('$26,000');
    expect(api.sent('POST', '/api/populate-test-data')).toHaveLength(1);
    expect(screen.queryByRole('heading', { name: 'No accounts yet' })).toBeNull();
  });

  it('shows the totals, the allocation donuts, the drift and the retirement card', async () => {
    withProfile()
      .on('GET', '/api/accounts', () => json(accountList, [brokerage]))
      .on('GET', '/api/portfolio', () => json(portfolioAnalyticsSchema, portfolioAnalytics));
    renderScreen(<Dashboard />);
    expect((await screen.findByTestId('total-value')).textContent).toBe('$26,000');
    expect(screen.getByText('Cash').nextElementSibling?.textContent).toBe('$1,000');
    expect(screen.getByText('Accounts').nextElementSibling?.textContent).toBe('1');

    const donuts = await screen.findAllByRole('img');
    expect(donuts.map((donut) => donut.getAttribute('aria-label'))).toEqual([
      'By asset class: Equity 80.0%, Fixed income 20.0%',
      'By region: North America 100.0%',
      'By sector: Technology 100.0%',
    ]);

    const drift = screen.getByRole('table', { name: 'Asset classes' });
    expect(screen.getByRole('region', { name: 'Drift: Asset classes' }).contains(drift)).toBe(true);
    expect(within(drift).getAllByRole('row')[1]?.textContent).toBe(
      'Equity70.0%80.0%+10.0 ptssell $2,500',
    );

    expect((await screen.findByTestId('dashboard-success')).textContent).toBe('81.5% ± 1.0 pts');
    expect(screen.getByText(/Sustainable spending/).textContent).toBe(
      'Sustainable spending $40,000 a year vs target $60,000',
    );
    expect(screen.getByRole('link', { name: 'See the plan' }).getAttribute('href')).toBe(
      `/analysis/${JOB_ID}`,
    );
  });

  it('keeps the account figures when the analytics fail, and says what is missing', async () => {
    installFakeApi()
      .on('GET', '/api/accounts', () => json(accountList, [brokerage]))
      .on('GET', '/api/portfolio', () => problem(502, 'the price source did not answer'))
      .on('GET', '/api/user', () => json(userEnvelopeSchema, { user: user(), created: false }))
      .on('GET', '/api/jobs', () => json(jobListSchema, jobList([])));
    renderScreen(<Dashboard />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load the portfolio analytics (HTTP 502): the price source did not answer',
    );
    expect(screen.getByTestId('total-value').textContent).toBe('—');
    expect(screen.getByText('Accounts').nextElementSibling?.textContent).toBe('1');
    expect((await screen.findByText(/No projection yet/)).textContent).toBe(
      'No projection yet. Run an analysis to see your chances.',
    );
    expect(screen.queryByRole('heading', { name: 'Allocation' })).toBeNull();
  });

  it('names the holdings that have no price, left out of the totals', async () => {
    withProfile()
      .on('GET', '/api/accounts', () => json(accountList, [brokerage]))
      .on('GET', '/api/portfolio', () =>
        json(portfolioAnalyticsSchema, {
          ...portfolioAnalytics,
          unpriced: [
            { account_id: ACCOUNT_ID, symbol: 'XYZQ', quantity: 5, reason: 'unknown_instrument' },
          ],
        }),
      );
    renderScreen(<Dashboard />);
    expect((await screen.findByRole('note')).textContent).toBe(
      'No price is known for XYZQ: left out of the totals.',
    );
  });
});
