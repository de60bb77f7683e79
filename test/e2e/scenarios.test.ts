// The seed's portfolio scenarios through the whole planner pipeline (offline agents, stored seed
// prices) on the embedded database: a user with several accounts, where holdings and cash must
// add up across accounts to the cent, and users with 0, 1, 5 and 50 positions, where the
// planner runs or skips each specialist by what the portfolio allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioSnapshotSchema } from '../../src/agents/portfolio-snapshot.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from '../../src/contracts/payloads.ts';
import { handleJobMessage, submitJob } from '../../src/jobs/index.ts';
import { loadReferenceInstruments } from '../../src/store/reference/reference-instruments.ts';
import type { AccountType, Job, Repositories } from '../../src/store/repositories/index.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps } from '../helpers/job-deps.ts';

/** Reference instruments shipped with a real closing price, and that price in cents. */
const SEED_PRICE_CENTS = new Map(
  loadReferenceInstruments().flatMap((instrument) =>
    instrument.seedPrice
      ? [[instrument.symbol, Math.round(instrument.seedPrice.priceUsd * 100)]]
      : [],
  ),
);
const PRICED_SYMBOLS = [...SEED_PRICE_CENTS.keys()];

interface AccountPlan {
  name: string;
  type: AccountType;
  cashCents: number;
  positions: Array<[symbol: string, quantity: number]>;
}

/** Value of an account plan at the seed prices, in cents, computed here independently. */
function valueCents(account: AccountPlan): number {
  return (
    account.cashCents +
    account.positions.reduce(
      (sum, [symbol, quantity]) =>
        sum + Math.round(quantity * (SEED_PRICE_CENTS.get(symbol) ?? NaN)),
      0,
    )
  );
}

let database: TestDatabase;
let context: ReturnType<typeof createTestJobDeps>;
let repositories: Repositories;

beforeAll(async () => {
  database = await createPgliteTestDatabase();
  context = createTestJobDeps(database);
  repositories = context.repositories;
  await repositories.instruments.upsertReference(loadReferenceInstruments());
});

afterAll(async () => {
  await database.close();
});

/** Creates a user with these accounts, runs one analysis job through the pipeline, returns it. */
async function analyse(
  displayName: string,
  accounts: AccountPlan[],
  goals = { yearsUntilRetirement: 20, targetRetirementIncomeUsd: 60_000 },
): Promise<Job> {
  const user = await repositories.users.create({
    displayName,
    birthYear: 1980,
    annualContributionUsd: 10_000,
    ...goals,
  });
  for (const plan of accounts) {
    const account = await repositories.accounts.create(user.id, {
      name: plan.name,
      type: plan.type,
      cashUsd: plan.cashCents / 100,
    });
    for (const [symbol, quantity] of plan.positions) {
      await repositories.positions.add(user.id, { accountId: account.id, symbol, quantity });
    }
  }
  const job = await submitJob({ repositories, queue: { send: () => Promise.resolve() } }, user.id, {
    analysis_type: 'portfolio_analysis',
  });
  await handleJobMessage(context.deps, { job_id: job.id });
  return repositories.jobs.get(user.id, job.id);
}

/** `count` positions of priced reference symbols, spread over three accounts (a symbol at most once per account). */
function manyPositions(count: number): AccountPlan[] {
  const types: AccountType[] = ['tax_deferred', 'tax_free', 'taxable'];
  const accounts: AccountPlan[] = types.map((type, index) => ({
    name: `Account ${index + 1}`,
    type,
    cashCents: 100_000 * (index + 1),
    positions: [],
  }));
  for (let index = 0; index < count; index += 1) {
    const account = accounts[Math.floor(index / PRICED_SYMBOLS.length)];
    const symbol = PRICED_SYMBOLS[index % PRICED_SYMBOLS.length];
    if (!account || !symbol) throw new Error(`no room for ${count} positions`);
    account.positions.push([symbol, 1 + (index % 7) * 3]);
  }
  return accounts;
}

describe('portfolio scenarios through the pipeline', () => {
  it('aggregates holdings and cash across several accounts to the cent', async () => {
    const accounts: AccountPlan[] = [
      {
        name: '401(k)',
        type: 'tax_deferred',
        cashCents: 123_456,
        positions: [
          ['VTI', 120],
          ['BND', 310],
          ['VXUS', 75],
        ],
      },
      {
        name: 'Roth IRA',
        type: 'tax_free',
        cashCents: 98_765,
        positions: [
          ['VTI', 30],
          ['QQQ', 12],
        ],
      },
      {
        name: 'Brokerage',
        type: 'taxable',
        cashCents: 1_000_001,
        positions: [
          ['AAPL', 40],
          ['MSFT', 15],
          ['GLD', 8],
        ],
      },
    ];
    const job = await analyse('Several Accounts', accounts);
    expect(job.status).toBe('completed');

    const expectedTotalCents = accounts.reduce((sum, account) => sum + valueCents(account), 0);
    const expectedCashCents = accounts.reduce((sum, account) => sum + account.cashCents, 0);
    const snapshot = portfolioSnapshotSchema.parse(job.snapshot);
    expect(snapshot.analytics.total.valueCents).toBe(expectedTotalCents);
    expect(snapshot.analytics.cash.valueCents).toBe(expectedCashCents);
    expect(
      snapshot.analytics.accounts.map((account) => [account.name, account.valueCents]),
    ).toEqual(
      expect.arrayContaining(accounts.map((account) => [account.name, valueCents(account)])),
    );
    expect(summaryPayloadSchema.parse(job.summaryPayload).totals).toMatchObject({
      total_value_usd: expectedTotalCents / 100,
      positions: 8,
      unpriced_positions: 0,
    });

    const charts = chartsPayloadSchema.parse(job.chartsPayload);
    // VTI is held in two accounts: one holding across accounts, and all cash as one slice.
    const holdings = new Map(
      (charts['top_holdings']?.data ?? []).map((point) => [point.name, point.value]),
    );
    expect(holdings.get('VTI')).toBe((150 * (SEED_PRICE_CENTS.get('VTI') ?? NaN)) / 100);
    expect(holdings.get('Cash')).toBe(expectedCashCents / 100);
    const accountValues = new Map(
      (charts['account_values']?.data ?? []).map((point) => [point.name, point.value]),
    );
    for (const account of accounts) {
      expect(accountValues.get(account.name)).toBe(valueCents(account) / 100);
    }
    expect(charts['account_values']?.total).toBe(expectedTotalCents / 100);
    // The report quotes the same total as the snapshot, formatted to the dollar.
    const report = reportPayloadSchema.parse(job.reportPayload);
    const wholeDollars = Math.round(expectedTotalCents / 100).toLocaleString('en-US');
    expect(report.content).toContain(`$${wholeDollars}`);
    expect(report.fact_check.mismatches).toEqual([]);
  });

  it('with no positions, skips the reporter and the charter and says why', async () => {
    const job = await analyse('No Positions', [
      { name: 'Savings', type: 'taxable', cashCents: 500_000, positions: [] },
    ]);
    const summary = summaryPayloadSchema.parse(job.summaryPayload);
    expect(job.status).toBe('completed');
    expect(summary.status_by_agent).toEqual({
      planner: 'completed',
      tagger: 'skipped',
      reporter: 'skipped',
      charter: 'skipped',
      retirement: 'completed',
    });
    expect(job.reportPayload).toBeNull();
    expect(job.chartsPayload).toBeNull();
    expect(retirementPayloadSchema.parse(job.retirementPayload).agent).toBe('retirement');
    expect(summary.summary).toContain('It covers 0 positions worth $5,000.00.');
    expect(summary.summary).toContain('reporter (the portfolio has no positions to report on)');
    expect(summary.summary).toContain(
      'charter (charts need at least 2 priced positions; the portfolio has 0)',
    );
    expect(summary.routing).toMatchObject({
      selected: ['retirement'],
      skipped: [{ agent: 'reporter' }, { agent: 'charter' }],
    });
  });

  it('with one position, reports and projects but draws no charts', async () => {
    const accounts: AccountPlan[] = [
      { name: 'IRA', type: 'tax_deferred', cashCents: 0, positions: [['VOO', 25]] },
    ];
    const job = await analyse('One Position', accounts);
    const summary = summaryPayloadSchema.parse(job.summaryPayload);
    expect(job.status).toBe('completed');
    expect(summary.status_by_agent).toMatchObject({
      reporter: 'completed',
      charter: 'skipped',
      retirement: 'completed',
    });
    expect(job.chartsPayload).toBeNull();
    expect(reportPayloadSchema.parse(job.reportPayload).fact_check.mismatches).toEqual([]);
    expect(summary.totals.total_value_usd).toBe(valueCents(accounts[0]!) / 100);
  });

  it('with five positions, runs all three specialists', async () => {
    const accounts = manyPositions(5);
    const job = await analyse('Five Positions', accounts);
    const summary = summaryPayloadSchema.parse(job.summaryPayload);
    expect(job.status).toBe('completed');
    expect(summary.routing).toMatchObject({
      selected: ['reporter', 'charter', 'retirement'],
      skipped: [],
    });
    expect(Object.keys(chartsPayloadSchema.parse(job.chartsPayload)).length).toBeGreaterThanOrEqual(
      4,
    );
    expect(summary.totals).toMatchObject({
      positions: 5,
      total_value_usd: accounts.reduce((sum, account) => sum + valueCents(account), 0) / 100,
    });
  });

  it('with fifty positions over three accounts, completes with every position priced', async () => {
    const accounts = manyPositions(50);
    const job = await analyse('Fifty Positions', accounts);
    const summary = summaryPayloadSchema.parse(job.summaryPayload);
    expect(job.status).toBe('completed');
    expect(job.error).toBeNull();
    expect(summary.totals).toMatchObject({
      positions: 50,
      unpriced_positions: 0,
      total_value_usd: accounts.reduce((sum, account) => sum + valueCents(account), 0) / 100,
    });
    const snapshot = portfolioSnapshotSchema.parse(job.snapshot);
    expect(snapshot.analytics.positions).toHaveLength(50);
    expect(reportPayloadSchema.parse(job.reportPayload).fact_check.mismatches).toEqual([]);
    expect(retirementPayloadSchema.parse(job.retirementPayload).results.simulations).toBe(10_000);
  });

  it('with no positions and no retirement goals, runs no specialist and finishes saying so', async () => {
    const job = await analyse(
      'Nothing To Do',
      [{ name: 'Checking', type: 'taxable', cashCents: 25_000, positions: [] }],
      { yearsUntilRetirement: 0, targetRetirementIncomeUsd: 0 },
    );
    const summary = summaryPayloadSchema.parse(job.summaryPayload);
    expect(summary.routing).toMatchObject({ selected: [] });
    expect(summary.status_by_agent).toMatchObject({
      reporter: 'skipped',
      charter: 'skipped',
      retirement: 'skipped',
    });
    expect(summary.summary).toContain('retirement (no retirement goals');
    expect([job.reportPayload, job.chartsPayload, job.retirementPayload]).toEqual([
      null,
      null,
      null,
    ]);
    // Nothing failed, so the job is not failed; with nothing to run it counts as completed.
    expect(job.status).toBe('completed');
  });
});
