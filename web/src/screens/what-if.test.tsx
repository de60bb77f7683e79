import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  portfolioAnalyticsSchema,
  simulateRequestSchema,
  simulateResponseSchema,
  userEnvelopeSchema,
} from '../../../src/contracts/api.ts';
import {
  deferred,
  installFakeApi,
  json,
  problem,
  type RecordedRequest,
} from '../../test/fake-api.ts';
import { portfolioAnalytics, simulationResult, user } from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import WhatIfScreen from './what-if.tsx';

/** The projection answers 70% until the request names a spending, then 55%. */
function simulateBySpending(request: RecordedRequest) {
  const body = simulateRequestSchema.parse(request.body);
  return json(simulateResponseSchema, simulationResult(body.spending === undefined ? 70 : 55));
}

function profileAndPortfolio() {
  return installFakeApi()
    .on('GET', '/api/user', () => json(userEnvelopeSchema, { user: user(), created: false }))
    .on('GET', '/api/portfolio', () => json(portfolioAnalyticsSchema, portfolioAnalytics));
}

function sentBodies(requests: RecordedRequest[]) {
  return requests.map((request) => simulateRequestSchema.parse(request.body));
}

describe('what-if screen', () => {
  it('says it is loading while the profile is on its way', () => {
    installFakeApi()
      .on('GET', '/api/user', () => deferred().answer)
      .on('GET', '/api/portfolio', () => deferred().answer);
    renderScreen(<WhatIfScreen />);
    expect(screen.getByRole('status').textContent).toBe('Loading your profile…');
  });

  it('shows why the profile could not be loaded', async () => {
    installFakeApi()
      .on('GET', '/api/user', () => problem(500, 'the database is not reachable'))
      .on('GET', '/api/portfolio', () => problem(500, 'the database is not reachable'));
    renderScreen(<WhatIfScreen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load your profile (HTTP 500): the database is not reachable',
    );
  });

  it("first shows the profile's own projection, then the one for a moved slider", async () => {
    const api = profileAndPortfolio().on('POST', '/api/simulate', simulateBySpending);
    renderScreen(<WhatIfScreen />);
    const figure = await screen.findByTestId('success-probability');
    expect(figure.textContent).toBe('70.0% ± 2.0 ptschance the money lasts');
    expect(screen.getByText('Share in stocks').textContent).toBe(
      'Share in stocks your current mix',
    );

    const spending = screen.getByRole('slider', { name: /Spending in retirement/ });
    expect(spending.getAttribute('aria-valuetext')).toBe('$60,000');
    fireEvent.change(spending, { target: { value: '50000' } });
    expect(spending.getAttribute('aria-valuetext')).toBe('$50,000');
    await waitFor(() =>
      expect(screen.getByTestId('success-probability').textContent).toBe(
        '55.0% ± 2.0 ptschance the money lasts',
      ),
    );
    expect(sentBodies(api.sent('POST', '/api/simulate'))).toEqual([
      { strategy: 'constant-dollar' },
      { strategy: 'constant-dollar', spending: 50_000 },
    ]);
  });

  it('leaves spending to the strategy under VPW and says so', async () => {
    const api = profileAndPortfolio().on('POST', '/api/simulate', simulateBySpending);
    renderScreen(<WhatIfScreen />);
    await screen.findByTestId('success-probability');
    const spending = screen.getByRole('slider', { name: /Spending in retirement/ });
    fireEvent.change(spending, { target: { value: '50000' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Withdrawal strategy' }), {
      target: { value: 'vpw' },
    });
    expect(spending).toHaveProperty('disabled', true);
    expect(spending.getAttribute('aria-valuetext')).toBe('set by VPW');
    await waitFor(() =>
      expect(sentBodies(api.sent('POST', '/api/simulate')).at(-1)).toEqual({ strategy: 'vpw' }),
    );
  });

  it('still projects from the profile when the portfolio analytics cannot be loaded', async () => {
    const api = installFakeApi()
      .on('GET', '/api/user', () => json(userEnvelopeSchema, { user: user(), created: false }))
      .on('GET', '/api/portfolio', () => problem(502, 'the price source did not answer'))
      .on('POST', '/api/simulate', simulateBySpending);
    renderScreen(<WhatIfScreen />);
    expect((await screen.findByTestId('success-probability')).textContent).toBe(
      '70.0% ± 2.0 ptschance the money lasts',
    );
    const stocks = screen.getByRole('slider', { name: /Share in stocks/ });
    expect(stocks.getAttribute('aria-valuetext')).toBe('your current mix');
    fireEvent.change(stocks, { target: { value: '40' } });
    await waitFor(() =>
      expect(sentBodies(api.sent('POST', '/api/simulate')).at(-1)).toEqual({
        strategy: 'constant-dollar',
        allocation: { equity: 0.4, fixed_income: 0.6 },
      }),
    );
  });

  it('shows why a projection was refused, next to the sliders', async () => {
    profileAndPortfolio().on('POST', '/api/simulate', () =>
      problem(400, 'strategy: must be one of constant-dollar, vpw'),
    );
    renderScreen(<WhatIfScreen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load the simulation (HTTP 400): strategy: must be one of constant-dollar, vpw',
    );
    expect(screen.queryByTestId('success-probability')).toBeNull();
  });
});
