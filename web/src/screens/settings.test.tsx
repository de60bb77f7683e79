import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiUserSchema,
  userEnvelopeSchema,
  userUpdateRequestSchema,
} from '../../../src/contracts/api.ts';
import { deferred, installFakeApi, json, problem } from '../../test/fake-api.ts';
import { user } from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import SettingsScreen from './settings.tsx';

function profile() {
  return installFakeApi().on('GET', '/api/user', () =>
    json(userEnvelopeSchema, { user: user(), created: false }),
  );
}

/** The text of the error the field's aria-describedby points at, if any. */
function errorOf(field: HTMLElement): string | null {
  const id = field.getAttribute('aria-describedby');
  return id ? (document.getElementById(id)?.textContent ?? null) : null;
}

describe('settings screen', () => {
  it('says it is loading while the profile is on its way', () => {
    installFakeApi().on('GET', '/api/user', () => deferred().answer);
    renderScreen(<SettingsScreen />);
    expect(screen.getByRole('status').textContent).toBe('Loading your profile…');
  });

  it('shows why the profile could not be loaded', async () => {
    installFakeApi().on('GET', '/api/user', () => problem(401, 'a bearer token is required'));
    renderScreen(<SettingsScreen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load your profile (HTTP 401): a bearer token is required',
    );
  });

  it('fills the form from the profile and saves what was changed', async () => {
    const api = profile().on('PUT', '/api/user', (request) =>
      json(apiUserSchema, { ...user(), ...userUpdateRequestSchema.parse(request.body) }),
    );
    const { user: person } = renderScreen(<SettingsScreen />);
    const form = await screen.findByRole('form', { name: 'Your profile' });
    const years = within(form).getByLabelText<HTMLInputElement>('Years until retirement');
    expect(years.value).toBe('20');
    expect(within(form).getByLabelText<HTMLInputElement>('Equity').value).toBe('70');
    expect(within(form).getByLabelText<HTMLInputElement>('Fixed income').value).toBe('30');
    await person.clear(years);
    await person.type(years, '25');
    await person.click(within(form).getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(userUpdateRequestSchema.parse(api.sent('PUT', '/api/user')[0]?.body)).toEqual({
      display_name: 'Demo User',
      birth_year: null,
      years_until_retirement: 25,
      plan_to_age: null,
      target_retirement_income: 60_000,
      annual_contribution: 12_000,
      asset_class_targets: { equity: 70, fixed_income: 30 },
    });
  });

  it('puts each server rule next to the field it names', async () => {
    profile().on('PUT', '/api/user', () =>
      problem(
        400,
        'years_until_retirement: must be at most 80; asset_class_targets: must add up to 100',
        [
          { field: 'years_until_retirement', rule: 'must be at most 80' },
          { field: 'asset_class_targets', rule: 'must add up to 100' },
        ],
      ),
    );
    const { user: person } = renderScreen(<SettingsScreen />);
    const form = await screen.findByRole('form', { name: 'Your profile' });
    const years = within(form).getByLabelText('Years until retirement');
    await person.clear(years);
    await person.type(years, '99');
    await person.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(errorOf(years)).toBe('must be at most 80'));
    expect(years.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(within(form).getByLabelText('Name'))).toBeNull();
    const targets = within(form).getByRole('group', {
      name: 'Target allocation (percent, adding up to 100)',
    });
    expect(errorOf(targets)).toBe('must add up to 100');
    expect(screen.queryByText('Saved.')).toBeNull();
  });

  it('sets the age the plan runs to, shows the rule the server gives for it, and clears it', async () => {
    const api = profile().on('PUT', '/api/user', (request) => {
      const update = userUpdateRequestSchema.parse(request.body);
      return update.plan_to_age === 60
        ? problem(400, 'plan_to_age: must be above the retirement age, 65', [
            { field: 'plan_to_age', rule: 'must be above the retirement age, 65' },
          ])
        : json(apiUserSchema, { ...user(), ...update });
    });
    const { user: person } = renderScreen(<SettingsScreen />);
    const form = await screen.findByRole('form', { name: 'Your profile' });
    const planToAge = within(form).getByLabelText<HTMLInputElement>(
      "Plan to age (optional; empty: the life table's 10% age)",
    );
    expect(planToAge.value).toBe('');
    const save = within(form).getByRole('button', { name: 'Save' });

    await person.type(planToAge, '60');
    await person.click(save);
    await waitFor(() => expect(errorOf(planToAge)).toBe('must be above the retirement age, 65'));
    expect(planToAge.getAttribute('aria-invalid')).toBe('true');

    await person.clear(planToAge);
    await person.type(planToAge, '100');
    await person.click(save);
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(planToAge.value).toBe('100');

    await person.clear(planToAge);
    await person.click(save);
    await waitFor(() => expect(api.sent('PUT', '/api/user')).toHaveLength(3));
    const sent = api
      .sent('PUT', '/api/user')
      .map((call) => (call.body as { plan_to_age: unknown }).plan_to_age);
    expect(sent).toEqual([60, 100, null]);
  });

  it('shows an error that names no field of the form under the form', async () => {
    profile().on('PUT', '/api/user', () => problem(503, 'the database is not reachable'));
    const { user: person } = renderScreen(<SettingsScreen />);
    const form = await screen.findByRole('form', { name: 'Your profile' });
    await person.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'the database is not reachable',
    );
  });
});
