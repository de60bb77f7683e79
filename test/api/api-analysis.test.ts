// The whole analysis over HTTP, as the original front end drives it, on a real server with the
// embedded database: populate test data, analyze, follow the event stream to the end, read the
// job and its downloads. Shapes are checked against what the original pages rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { simulateResponseSchema } from '../../src/contracts/api.ts';
import { parseFlags, simulationJson } from '../../src/entry/cli/commands/simulate.ts';
import { parseJson } from '../../src/parse-json.ts';
import { bodyOf, json, readEvents, startTestApi, type TestApi } from './helpers/api-server.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

type Row = Record<string, unknown>;

describe('the HTTP API, as the original front end uses it', () => {
  let jobId = '';

  it('answers /health without credentials', async () => {
    const response = await api.call('/health', { as: null });
    expect(response.status).toBe(200);
    const body = await bodyOf(response);
    expect(body['status']).toBe('healthy');
    expect(Number.isNaN(new Date(String(body['timestamp'])).getTime())).toBe(false);
  });

  it('creates the caller on the first GET /api/user, from the name claim, and only then', async () => {
    const first = await bodyOf<{ user: Row; created: boolean }>(await api.call('/api/user'));
    expect(first.created).toBe(true);
    expect(first.user['clerk_user_id']).toBe('test|alice');
    expect(first.user['display_name']).toBe('alice');
    const second = await bodyOf<{ user: Row; created: boolean }>(await api.call('/api/user'));
    expect(second.created).toBe(false);
    expect(second.user['id']).toBe(first.user['id']);
  });

  it('PUT /api/user answers the bare user with the change', async () => {
    const response = await api.call(
      '/api/user',
      json('PUT', { years_until_retirement: 25, target_retirement_income: 80_000 }),
    );
    expect(response.status).toBe(200);
    const user = await bodyOf(response);
    expect(user['years_until_retirement']).toBe(25);
    expect(user['target_retirement_income']).toBe(80_000);
    expect(user).not.toHaveProperty('user');
  });

  it('populates the demo portfolio from a JSON content type with no body', async () => {
    const response = await api.call('/api/populate-test-data', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const body = await bodyOf<{ accounts_created: number; accounts: Row[] }>(response);
    expect(body.accounts_created).toBe(3);
    expect(body.accounts.map((account) => account['account_name'])).toEqual([
      '401(k)',
      'Roth IRA',
      'Taxable brokerage',
    ]);
  });

  it('lists accounts and instruments as bare arrays, positions with their own current_price', async () => {
    const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
    expect(Array.isArray(accounts)).toBe(true);
    expect(accounts).toHaveLength(3);
    for (const account of accounts) {
      expect(typeof account['id']).toBe('string');
      expect(typeof account['cash_balance']).toBe('number');
      expect(account['account_purpose']).toEqual(expect.any(String));
      expect(Number.isNaN(new Date(String(account['created_at'])).getTime())).toBe(false);
    }
    const { positions } = await bodyOf<{ positions: Row[] }>(
      await api.call(`/api/accounts/${String(accounts[0]?.['id'])}/positions`),
    );
    expect(positions.map((position) => position['symbol'])).toEqual(['BND', 'TIP', 'VTI', 'VXUS']);
    for (const position of positions) {
      const instrument = position['instrument'] as Row;
      expect(typeof position['current_price']).toBe('number');
      expect(position['current_price']).toBe(instrument['current_price']);
      expect(typeof position['quantity']).toBe('number');
      expect(position['unknown_symbol']).toBe(false);
    }
    const instruments = await bodyOf<Row[]>(await api.call('/api/instruments'));
    expect(Array.isArray(instruments)).toBe(true);
    expect(instruments.map((instrument) => instrument['symbol'])).toContain('VTI');
  });

  it('adds an unknown symbol without a price and tags it unknown', async () => {
    const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
    const response = await api.call(
      '/api/positions',
      json('POST', { account_id: accounts[2]?.['id'], symbol: 'zzzq', quantity: 3 }),
    );
    expect(response.status).toBe(201);
    const position = await bodyOf(response);
    expect(position['symbol']).toBe('ZZZQ');
    expect(position['current_price']).toBeNull();
    expect(position['unknown_symbol']).toBe(true);
    const changed = await bodyOf(
      await api.call(`/api/positions/${String(position['id'])}`, json('PUT', { quantity: 4.5 })),
    );
    expect(changed['quantity']).toBe(4.5);
    const deleted = await api.call(`/api/positions/${String(position['id'])}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
  });

  it('starts an analysis from the original request shape', async () => {
    const response = await api.call(
      '/api/analyze',
      json('POST', { analysis_type: 'portfolio', options: {} }),
    );
    expect(response.status).toBe(202);
    const body = await bodyOf(response);
    expect(body['message']).toEqual(expect.any(String));
    jobId = String(body['job_id']);
  });

  it('streams every agent’s progress until the job ends, and resumes after Last-Event-ID', async () => {
    const events = await readEvents(await api.call(`/api/jobs/${jobId}/events`));
    const last = events.at(-1);
    expect(last?.event).toBe('job-finished');
    expect(last?.data['status']).toBe('completed');
    const finished = events
      .filter((item) => item.event === 'agent-finished')
      .map((item) => item.data['agent']);
    expect([...finished].sort()).toEqual([
      'charter',
      'planner',
      'reporter',
      'retirement',
      'tagger',
    ]);
    for (const item of events.filter((event) => event.event === 'agent-finished')) {
      for (const field of ['input_tokens', 'output_tokens', 'cost_usd']) {
        expect(typeof item.data[field], field).toBe('number');
      }
    }
    const ids = events.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);

    const resumed = await readEvents(
      await api.call(`/api/jobs/${jobId}/events`, {
        headers: { 'last-event-id': String(ids[2]) },
      }),
    );
    expect(resumed.map((item) => item.id)).toEqual(ids.slice(3));
  });

  it('reads the finished job with the fields the original pages use', async () => {
    const job = await bodyOf(await api.call(`/api/jobs/${jobId}`));
    expect(job).toMatchObject({
      id: jobId,
      job_type: 'portfolio_analysis',
      status: 'completed',
      partial: false,
      failed_agents: [],
      error_message: null,
    });
    expect((job['report_payload'] as Row)['content']).toEqual(expect.stringContaining('#'));
    const charts = Object.values(job['charts_payload'] as Record<string, Row>);
    expect(charts.length).toBeGreaterThanOrEqual(4);
    for (const chart of charts) {
      for (const point of chart['data'] as Row[]) expect(typeof point['value']).toBe('number');
    }
    expect(typeof (job['retirement_payload'] as Row)['analysis']).toBe('string');
    const { jobs } = await bodyOf<{ jobs: Row[] }>(await api.call('/api/jobs'));
    expect(jobs[0]?.['id']).toBe(jobId);
  });

  it('downloads report.md and charts.json', async () => {
    const job = await bodyOf(await api.call(`/api/jobs/${jobId}`));
    const report = await api.call(`/api/jobs/${jobId}/report.md`);
    expect(report.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await report.text()).toBe((job['report_payload'] as Row)['content']);
    const charts = await api.call(`/api/jobs/${jobId}/charts.json`);
    expect(charts.headers.get('content-disposition')).toContain('attachment');
    expect(await charts.json()).toEqual(job['charts_payload']);
  });

  it('answers the portfolio analytics without running agents', async () => {
    const analytics = await bodyOf<Row & { allocation: Record<string, Row[]> }>(
      await api.call('/api/portfolio'),
    );
    expect(analytics['total_usd']).toBeGreaterThan(0);
    const shares = (analytics.allocation['asset_class'] ?? []).map((slice) => Number(slice['pct']));
    expect(shares.reduce((sum, pct) => sum + pct, 0)).toBeCloseTo(100, 1);
  });

  /** The tax defaults of an answer as the CLI's flags. */
  const taxFlagsOf = (defaults: Row): Record<string, string> =>
    Object.fromEntries(
      (
        [
          ['taxable', 'taxable'],
          ['tax_deferred', 'taxDeferred'],
          ['tax_free', 'taxFree'],
          ['withdrawal_order', 'withdrawalOrder'],
          ['filing_status', 'filingStatus'],
          ['tax_deferred_rate', 'taxDeferredRate'],
        ] as const
      )
        .filter(([field]) => defaults[field] !== undefined)
        .map(([field, flag]) => [flag, String(defaults[field])]),
    );

  it('simulates with the same code path and output as `alex simulate --json`', async () => {
    const overrides = {
      balance: 500_000,
      years_to_retirement: 10,
      contribution: 10_000,
      spending: 40_000,
      allocation: { equity: 0.6, fixed_income: 0.4 },
      current_age: 55,
      cash_rate: 0,
      expense_ratio: 0,
      simulations: 2_000,
      seed: 7,
    };
    const response = await api.call('/api/simulate', json('POST', overrides));
    expect(response.status).toBe(200);
    const answer = await bodyOf(response);
    // The answer reads under its published contract (the OpenAPI document's SimulateResult).
    const checked = simulateResponseSchema.safeParse(answer);
    expect(checked.success ? 'ok' : checked.error.message).toBe('ok');
    const { portfolio_defaults: defaults, ...result } = answer;
    // Every input was given, so none came from the portfolio except the mix-free ones.
    expect(Object.keys(defaults as Row)).not.toContain('balance');
    expect(Object.keys(defaults as Row)).not.toContain('allocation');
    const cli = simulationJson(
      parseFlags({
        balance: '500000',
        yearsToRetirement: '10',
        contribution: '10000',
        spending: '40000',
        allocation: 'equity=0.6,fixed_income=0.4',
        currentAge: '55',
        cashRate: '0',
        expenseRatio: '0',
        simulations: '2000',
        seed: '7',
        // The split by the accounts' tax treatment and the profile's tax plan, as the API took them.
        ...taxFlagsOf(defaults as Row),
        json: true,
      }),
    );
    expect((defaults as Row)['taxable']).toBeTypeOf('number');
    expect(result).toEqual(parseJson(JSON.stringify(cli), z.unknown(), 'cli'));
  });

  it('stores income streams on the profile and simulates with them unless the body gives its own', async () => {
    const bad = await api.call(
      '/api/user',
      json('PUT', {
        income_plan: {
          streams: [
            {
              kind: 'social_security',
              start_age: 61,
              annual_usd: 24_000,
              inflation_indexed: true,
            },
          ],
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('Social Security is claimed from 62 to 70');

    const plan = {
      spouse_birth_year: null,
      streams: [
        {
          kind: 'social_security',
          person: 'self',
          start_age: 67,
          years: null,
          annual_usd: 24_000,
          inflation_indexed: true,
          note: 'from my SSA statement',
        },
      ],
    };
    const updated = await bodyOf(
      await api.call('/api/user', json('PUT', { birth_year: 1971, income_plan: plan })),
    );
    expect(updated['income_plan']).toEqual(plan);

    // The tax plan: stored, shown, and refused with the field and the rule when out of range.
    const taxPlan = {
      filing_status: 'married_joint',
      withdrawal_order: 'proportional',
      tax_deferred_rate: 0.18,
    };
    const taxed = await bodyOf(await api.call('/api/user', json('PUT', { tax_plan: taxPlan })));
    expect(taxed['tax_plan']).toEqual(taxPlan);
    expect(taxed['income_plan']).toEqual(plan);
    const tooHigh = await api.call(
      '/api/user',
      json('PUT', { tax_plan: { ...taxPlan, tax_deferred_rate: 0.7 } }),
    );
    expect(tooHigh.status).toBe(400);
    expect(JSON.stringify(await tooHigh.json())).toContain('tax_deferred_rate');
    const reread = await bodyOf<{ user: Row }>(await api.call('/api/user'));
    expect(reread.user['tax_plan']).toEqual(taxPlan);

    const base = { balance: 800_000, spending: 70_000, current_age: 55, simulations: 500 };
    const withProfile = await bodyOf(await api.call('/api/simulate', json('POST', base)));
    expect((withProfile['portfolio_defaults'] as Row)['income_plan']).toEqual(plan);
    const flows = (withProfile['assumptions'] as Row)['cash_flows'] as Row[];
    expect(flows.map((flow) => [flow['kind'], flow['start_age'], flow['note']])).toEqual([
      ['social_security', 67, 'from my SSA statement'],
    ]);
    const levers = (withProfile['levers'] as Row[]).map((lever) => lever['lever']);
    expect(levers).toContain('claim_social_security_later');

    // A stream field in the body, even an empty list, replaces the profile's streams.
    const without = await bodyOf(
      await api.call('/api/simulate', json('POST', { ...base, expense: [] })),
    );
    expect((without['assumptions'] as Row)['cash_flows']).toEqual([]);
    expect(Number(without['success_probability'])).toBeLessThan(
      Number(withProfile['success_probability']),
    );
    const given = await bodyOf(
      await api.call(
        '/api/simulate',
        json('POST', { ...base, pension: ['60:70000/year:indexed'] }),
      ),
    );
    expect(given['success_probability']).toBe(100);

    // A variable strategy leaves the profile's streams out, and says so, rather than failing.
    const guardrails = await bodyOf(
      await api.call('/api/simulate', json('POST', { ...base, strategy: 'guardrails' })),
    );
    expect((guardrails['assumptions'] as Row)['cash_flows']).toEqual([]);
    expect(String(guardrails['income_streams_left_out'])).toContain(
      'constant-dollar spending only',
    );
    expect(withProfile).not.toHaveProperty('income_streams_left_out');
    // Streams from the profile, from the body, and left out: each answer reads under the contract.
    for (const answer of [withProfile, without, given, guardrails]) {
      const checked = simulateResponseSchema.safeParse(answer);
      expect(checked.success ? 'ok' : checked.error.message).toBe('ok');
    }
    expect(
      simulateResponseSchema.parse(withProfile).portfolio_defaults.income_plan?.streams,
    ).toHaveLength(1);

    const badFlag = await api.call(
      '/api/simulate',
      json('POST', { ...base, pension: ['sixty:1000'] }),
    );
    expect(badFlag.status).toBe(400);
    expect(JSON.stringify(await badFlag.json())).toContain('pension');
  });

  it('changes an account (answering the row), closes it with its positions, resets the rest', async () => {
    const accounts = await bodyOf<Row[]>(await api.call('/api/accounts'));
    const id = String(accounts[1]?.['id']);
    const changed = await api.call(
      `/api/accounts/${id}`,
      json('PUT', { account_name: 'Renamed', cash_balance: 100.5, account_purpose: null }),
    );
    expect(changed.status).toBe(200);
    expect(await bodyOf(changed)).toMatchObject({
      id,
      account_name: 'Renamed',
      cash_balance: 100.5,
      account_purpose: null,
    });
    expect((await api.call(`/api/accounts/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api.call(`/api/accounts/${id}/positions`)).status).toBe(404);
    const reset = await bodyOf(await api.call('/api/reset-accounts', { method: 'DELETE' }));
    expect(reset).toEqual({ message: 'Deleted 2 account(s)', accounts_deleted: 2 });
    expect(await bodyOf(await api.call('/api/accounts'))).toEqual([]);
  });

  it('publishes an OpenAPI 3.1 document whose references all resolve', async () => {
    const document = await bodyOf<Row & { paths: Record<string, Row>; components: Row }>(
      await api.call('/openapi.json', { as: null }),
    );
    expect(document['openapi']).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/accounts',
      '/api/accounts/{id}',
      '/api/accounts/{id}/positions',
      '/api/analyze',
      '/api/instruments',
      '/api/jobs',
      '/api/jobs/{id}',
      '/api/jobs/{id}/charts.json',
      '/api/jobs/{id}/events',
      '/api/jobs/{id}/report.md',
      '/api/populate-test-data',
      '/api/portfolio',
      '/api/positions',
      '/api/positions/{id}',
      '/api/reset-accounts',
      '/api/simulate',
      '/api/user',
      '/api/xray',
      '/health',
    ]);
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/([^"]+)"/g)];
    expect(references.length).toBeGreaterThan(10);
    for (const [, reference] of references) {
      const [section = '', name = ''] = String(reference).split('/');
      expect(document.components[section], reference).toHaveProperty([name]);
    }
    // POST /api/simulate's answer is described field by field, not as a loose record.
    const schemas = document.components['schemas'] as Record<string, Row>;
    const simulateResult = schemas['SimulateResult'] as Row & { properties: Record<string, Row> };
    expect(Object.keys(simulateResult.properties)).toEqual(
      expect.arrayContaining([
        'success_probability',
        'levers',
        'assumptions',
        'portfolio_defaults',
      ]),
    );
    expect(simulateResult['additionalProperties']).toBe(false);
    const docs = await api.call('/docs', { as: null });
    expect(docs.status).toBe(200);
  });
});
