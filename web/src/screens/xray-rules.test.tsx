import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { xrayResponseSchema } from '../../../src/contracts/xray.ts';
import { installFakeApi, json, problem } from '../../test/fake-api.ts';
import { xray } from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import { XrayRules } from './xray-rules.tsx';

describe('X-ray rules', () => {
  it('shows each rule’s result, value, threshold and why, and the largest company', async () => {
    installFakeApi().on('GET', '/api/xray', () => json(xrayResponseSchema, xray));
    renderScreen(<XrayRules />);
    const table = await screen.findByRole('table');
    const row = (name: string) =>
      within(table)
        .getByRole('rowheader', { name })
        .closest('tr')!
        .textContent?.replace(/\s+/g, ' ');
    expect(row('Emergency fund')).toBe(
      'Emergency fundFail1.5 monthsat least 3.0 monthsEmergency fund: test reason.',
    );
    expect(row('Account concentration')).toBe(
      'Account concentrationPass40.0%at most 60.0%Account concentration: test reason.',
    );
    // Unknown input: no value and never a pass.
    expect(row('Drift from targets')).toBe(
      'Drift from targetsNot evaluated—at most 5.0 pointsDrift from targets: test reason.',
    );
    expect(screen.getByTestId('xray-largest-company').textContent).toBe(
      'Largest company: AAA Corp, 12.5% of your money or more, through your own shares, FUND1.',
    );
  });

  it('says why the X-ray could not be loaded', async () => {
    installFakeApi().on('GET', '/api/xray', () => problem(500, 'the database is not reachable'));
    renderScreen(<XrayRules />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load the X-ray (HTTP 500): the database is not reachable',
    );
  });
});
