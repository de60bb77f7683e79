import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accountCreateRequestSchema,
  accountUpdateRequestSchema,
  apiAccountSchema,
  apiInstrumentSchema,
  populateTestDataResponseSchema,
  positionCreateRequestSchema,
  positionListSchema,
  positionUpdateRequestSchema,
} from '../../../src/contracts/api.ts';
import { deferred, installFakeApi, json, problem, type FakeApi } from '../../test/fake-api.ts';
import { account, instrument, position } from '../../test/fixtures.ts';
import { renderScreen } from '../../test/render.tsx';
import AccountsScreen from './accounts.tsx';

const ACCOUNT_ID = '0b6c9a52-2222-4000-8000-0000000000a1';
const POSITION_ID = '0b6c9a52-3333-4000-8000-0000000000b1';
const POSITIONS_PATH = `/api/accounts/${ACCOUNT_ID}/positions`;
const brokerage = account(ACCOUNT_ID, 'Brokerage', 1_000);
const vti = position(POSITION_ID, ACCOUNT_ID, 'VTI', 10, 200);

/**
 * GET /api/accounts and the positions answer at once the first time; later (the refetch after
 * a change) they wait for `releaseRefetch`, so a test sees the rollback alone before the
 * server's state comes back.
 */
function holdings(): FakeApi & { releaseRefetch: () => void } {
  const gate = deferred();
  const firstThenGated = (answer: () => Response) => {
    let calls = 0;
    return () => (calls++ === 0 ? answer() : gate.answer.then(answer));
  };
  const api = installFakeApi()
    .on(
      'GET',
      '/api/accounts',
      firstThenGated(() => json(z.array(apiAccountSchema), [brokerage])),
    )
    .on(
      'GET',
      POSITIONS_PATH,
      firstThenGated(() => json(positionListSchema, { positions: [vti] })),
    )
    .on('GET', '/api/instruments', () =>
      json(z.array(apiInstrumentSchema), [instrument('VTI', 'Vanguard Total Stock Market', 200)]),
    );
  return Object.assign(api, { releaseRefetch: () => gate.release(new Response()) });
}

/** The text of the error the field's aria-describedby points at, if any. */
function errorOf(field: HTMLElement): string | null {
  const id = field.getAttribute('aria-describedby');
  return id ? (document.getElementById(id)?.textContent ?? null) : null;
}

describe('accounts screen', () => {
  it('says it is loading while the accounts are on their way', () => {
    installFakeApi().on('GET', '/api/accounts', () => deferred().answer);
    renderScreen(<AccountsScreen />);
    expect(screen.getByRole('status').textContent).toBe('Loading accounts…');
  });

  it('shows why the accounts could not be loaded', async () => {
    installFakeApi().on('GET', '/api/accounts', () =>
      problem(500, 'the database is not reachable'),
    );
    renderScreen(<AccountsScreen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not load accounts (HTTP 500): the database is not reachable',
    );
  });

  it('offers the demo portfolio when there are no accounts, and shows it once loaded', async () => {
    let accounts: Array<z.input<typeof apiAccountSchema>> = [];
    const api = installFakeApi()
      .on('GET', '/api/accounts', () => json(z.array(apiAccountSchema), accounts))
      .on('POST', '/api/populate-test-data', () => {
        accounts = [brokerage];
        return json(populateTestDataResponseSchema, {
          message: 'created',
          accounts_created: 1,
          accounts,
        });
      })
      .on('GET', POSITIONS_PATH, () => json(positionListSchema, { positions: [vti] }))
      .on('GET', '/api/instruments', () => json(z.array(apiInstrumentSchema), []));
    const { user } = renderScreen(<AccountsScreen />);
    expect((await screen.findByText(/No accounts yet\./)).textContent).toBe(
      'No accounts yet. Load the demo portfolio or add an account below.',
    );
    await user.click(screen.getByRole('button', { name: 'Load the demo portfolio' }));
    expect(await screen.findByRole('heading', { name: 'Brokerage' })).toBeTruthy();
    expect(api.sent('POST', '/api/populate-test-data')).toHaveLength(1);
    expect(screen.queryByText(/No accounts yet/)).toBeNull();
  });

  it('shows each account with its cash and its positions priced', async () => {
    holdings();
    renderScreen(<AccountsScreen />);
    const card = await screen.findByRole('article', { name: 'Brokerage' });
    expect(within(card).getByText(/Cash/).textContent).toBe('Cash $1,000.00');
    const table = await within(card).findByRole('table', { name: 'Positions in Brokerage' });
    expect(screen.getByRole('region', { name: 'Positions in Brokerage' }).contains(table)).toBe(
      true,
    );
    const row = within(table).getByRole('row', { name: /VTI/ });
    expect(within(row).getByRole('button', { name: '10: edit quantity of vti' })).toBeTruthy();
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['10', '$200.00', '$2,000', 'Remove']);
  });

  it("keeps every account when one account's positions cannot be loaded", async () => {
    const savings = account('0b6c9a52-2222-4000-8000-0000000000a2', 'Savings', 500);
    installFakeApi()
      .on('GET', '/api/accounts', () => json(z.array(apiAccountSchema), [brokerage, savings]))
      .on('GET', POSITIONS_PATH, () => json(positionListSchema, { positions: [vti] }))
      .on('GET', `/api/accounts/${savings.id}/positions`, () =>
        problem(500, 'the database is not reachable'),
      )
      .on('GET', '/api/instruments', () => json(z.array(apiInstrumentSchema), []));
    renderScreen(<AccountsScreen />);
    const failing = await screen.findByRole('article', { name: 'Savings' });
    expect((await within(failing).findByRole('alert')).textContent).toBe(
      'Could not load positions (HTTP 500): the database is not reachable',
    );
    const working = screen.getByRole('article', { name: 'Brokerage' });
    expect(
      await within(working).findByRole('table', { name: 'Positions in Brokerage' }),
    ).toBeTruthy();
    expect(within(working).queryByRole('alert')).toBeNull();
  });

  it('puts the server rule for a field next to that field when adding an account', async () => {
    const api = holdings().on('POST', '/api/accounts', () =>
      problem(400, 'cash_balance: must be in whole cents', [
        { field: 'cash_balance', rule: 'must be in whole cents' },
      ]),
    );
    const { user } = renderScreen(<AccountsScreen />);
    const form = await screen.findByRole('form', { name: 'Add an account' });
    await user.type(within(form).getByLabelText('Account name'), 'IRA');
    await user.type(within(form).getByLabelText('Cash balance (USD)'), '12.345');
    await user.click(within(form).getByRole('button', { name: 'Add account' }));

    const cash = within(form).getByLabelText('Cash balance (USD)');
    await waitFor(() => expect(errorOf(cash)).toBe('must be in whole cents'));
    expect(cash.getAttribute('aria-invalid')).toBe('true');
    const name = within(form).getByLabelText('Account name');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(errorOf(name)).toBeNull();
    const [sent] = api.sent('POST', '/api/accounts');
    expect(accountCreateRequestSchema.safeParse(sent?.body).success).toBe(false);
    expect(sent?.body).toEqual({ account_name: 'IRA', cash_balance: 12.345 });
  });

  it('puts an unknown symbol error next to the symbol of the position form', async () => {
    const api = holdings().on('POST', '/api/positions', () =>
      problem(400, 'symbol: no instrument is known by this symbol', [
        { field: 'symbol', rule: 'no instrument is known by this symbol' },
      ]),
    );
    const { user } = renderScreen(<AccountsScreen />);
    const form = await screen.findByRole('form', { name: 'Add a position' });
    await user.type(within(form).getByLabelText('Symbol'), 'zzzz');
    await user.type(within(form).getByLabelText('Quantity'), '3');
    await user.click(within(form).getByRole('button', { name: 'Add position' }));
    await waitFor(() =>
      expect(errorOf(within(form).getByLabelText('Symbol'))).toBe(
        'no instrument is known by this symbol',
      ),
    );
    expect(errorOf(within(form).getByLabelText('Quantity'))).toBeNull();
    const [sent] = api.sent('POST', '/api/positions');
    expect(positionCreateRequestSchema.parse(sent?.body)).toEqual({
      account_id: ACCOUNT_ID,
      symbol: 'ZZZZ',
      quantity: 3,
    });
  });

  it('shows a new quantity at once and rolls it back when the server refuses it', async () => {
    const refusal = deferred();
    const api = holdings().on('PUT', `/api/positions/${POSITION_ID}`, () => refusal.answer);
    const { user } = renderScreen(<AccountsScreen />);
    const table = await screen.findByRole('table', { name: 'Positions in Brokerage' });
    await user.click(within(table).getByRole('button', { name: '10: edit quantity of vti' }));
    const input = within(table).getByRole('textbox', { name: 'Quantity of VTI' });
    await user.clear(input);
    await user.type(input, '12');
    await user.click(within(table).getByRole('button', { name: 'Save' }));

    const row = within(table).getByRole('row', { name: /VTI/ });
    await waitFor(() => expect(within(row).getByText('$2,400')).toBeTruthy());
    expect(
      positionUpdateRequestSchema.parse(api.sent('PUT', `/api/positions/${POSITION_ID}`)[0]?.body),
    ).toEqual({
      quantity: 12,
    });

    refusal.release(
      problem(400, 'quantity: must be at most 1000000000', [
        { field: 'quantity', rule: 'must be at most 1000000000' },
      ]),
    );
    await waitFor(() => expect(within(row).getByText('$2,000')).toBeTruthy());
    expect(within(row).queryByText('$2,400')).toBeNull();
    api.releaseRefetch();
    expect((await within(row).findByRole('alert')).textContent).toBe('must be at most 1000000000');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('renames an account at once and rolls the name back when the server refuses it', async () => {
    const refusal = deferred();
    const api = holdings().on('PUT', `/api/accounts/${ACCOUNT_ID}`, () => refusal.answer);
    const { user } = renderScreen(<AccountsScreen />);
    const card = await screen.findByRole('article', { name: 'Brokerage' });
    await user.click(within(card).getByRole('button', { name: 'Edit' }));
    const form = within(card).getByRole('form', { name: 'Edit Brokerage' });
    const name = within(form).getByLabelText('Account name');
    await user.clear(name);
    await user.type(name, 'Taken');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('heading', { name: 'Taken' })).toBeTruthy();
    expect(
      accountUpdateRequestSchema.parse(api.sent('PUT', `/api/accounts/${ACCOUNT_ID}`)[0]?.body),
    ).toEqual({
      account_name: 'Taken',
      cash_balance: 1000,
    });

    refusal.release(
      problem(409, 'account_name: another account is called Taken', [
        { field: 'account_name', rule: 'another account is called Taken' },
      ]),
    );
    expect(await screen.findByRole('heading', { name: 'Brokerage' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Taken' })).toBeNull();
    api.releaseRefetch();
    await screen.findByRole('alert');
    const field = within(screen.getByRole('article', { name: 'Brokerage' })).getByLabelText(
      'Account name',
    );
    expect(errorOf(field)).toBe('another account is called Taken');
  });

  it('removes a deleted account at once and brings it back with the error when refused', async () => {
    const refusal = deferred();
    const api = holdings().on('DELETE', `/api/accounts/${ACCOUNT_ID}`, () => refusal.answer);
    const { user } = renderScreen(<AccountsScreen />);
    const card = await screen.findByRole('article', { name: 'Brokerage' });
    await user.click(within(card).getByRole('button', { name: 'Delete' }));
    await user.click(
      within(card).getByRole('button', { name: 'Delete Brokerage and its positions' }),
    );
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Brokerage' })).toBeNull());

    refusal.release(problem(404, `account ${ACCOUNT_ID} not found`));
    expect(await screen.findByRole('article', { name: 'Brokerage' })).toBeTruthy();
    api.releaseRefetch();
    expect((await screen.findByRole('alert')).textContent).toBe(
      `Could not delete Brokerage: account ${ACCOUNT_ID} not found`,
    );
  });

  it('removes a position at once and brings it back with the error when refused', async () => {
    const refusal = deferred();
    const api = holdings().on('DELETE', `/api/positions/${POSITION_ID}`, () => refusal.answer);
    const { user } = renderScreen(<AccountsScreen />);
    const table = await screen.findByRole('table', { name: 'Positions in Brokerage' });
    await user.click(within(table).getByRole('button', { name: 'Remove VTI' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /VTI/ })).toBeNull());

    refusal.release(problem(409, 'an analysis is running; try again when it ends'));
    expect(await screen.findByRole('row', { name: /VTI/ })).toBeTruthy();
    api.releaseRefetch();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not remove VTI: an analysis is running; try again when it ends',
    );
  });
});
