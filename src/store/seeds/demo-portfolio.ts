import { loadReferenceInstruments } from '../reference/reference-instruments.ts';
import type { Account, Repositories, User } from '../repositories/index.ts';

/** The demo user's fixed id, so `--demo` always finds the same person. */
export const DEMO_USER_ID = '00000000-0000-4000-8000-00000000de70';

/**
 * The external id of the one user of `alex serve` with ALEX_AUTH=local: the demo user, so the
 * CLI's demo and the local API show the same portfolio.
 */
export const LOCAL_USER_EXTERNAL_ID = 'local';

// A plausible mid-career saver: 25 years to retirement, $100,000 a year wanted in retirement.
// Holdings use instruments of the shipped reference set that carry a real seed price.
const DEMO_ACCOUNTS = [
  {
    account: {
      name: '401(k)',
      purpose: 'Employer retirement plan',
      type: 'tax_deferred',
      cashUsd: 2_500,
    },
    positions: [
      ['VTI', 300],
      ['VXUS', 400],
      ['BND', 500],
      ['TIP', 100],
    ],
  },
  {
    account: {
      name: 'Roth IRA',
      purpose: 'Tax-free retirement savings',
      type: 'tax_free',
      cashUsd: 800,
    },
    positions: [
      ['QQQ', 40],
      ['VNQ', 80],
      ['SCHD', 300],
    ],
  },
  {
    account: {
      name: 'Taxable brokerage',
      purpose: 'Flexible investing',
      type: 'taxable',
      cashUsd: 12_000,
    },
    positions: [
      ['AAPL', 50],
      ['MSFT', 30],
      ['BRK.B', 20],
      ['GLD', 25],
      ['VWO', 150],
    ],
  },
] as const;

// The demo's Social Security is an ILLUSTRATIVE assumption, not anyone's benefit: $2,000 a
// month in today's dollars claimed at 67 (the full retirement age of people born in 1960 or
// later). A real plan takes the figure from the person's own SSA statement. The note travels
// with the stream into the simulation's output and the report, so it is never read as data.
export const DEMO_SOCIAL_SECURITY_CLAIMING_AGE = 67;
export const DEMO_SOCIAL_SECURITY_ANNUAL_USD = 24_000;
export const DEMO_SOCIAL_SECURITY_NOTE =
  'illustrative demo assumption, not from an SSA statement; use the benefit estimate of your own my Social Security account';

/**
 * Create the demo user with three accounts and twelve positions. The reference instruments
 * are loaded first: the demo's holdings are valued with their seed prices.
 */
export async function seedDemoPortfolio(repositories: Repositories): Promise<User> {
  const user = await repositories.users.create(
    {
      displayName: 'Demo Investor',
      birthYear: 1985,
      yearsUntilRetirement: 25,
      targetRetirementIncomeUsd: 100_000,
      annualContributionUsd: 20_000,
      assetClassTargets: { equity: 70, fixed_income: 25, real_estate: 5 },
      regionTargets: { north_america: 65, europe: 15, asia: 15, latin_america: 5 },
      incomePlan: {
        spouse_birth_year: null,
        streams: [
          {
            kind: 'social_security',
            person: 'self',
            start_age: DEMO_SOCIAL_SECURITY_CLAIMING_AGE,
            years: null,
            annual_usd: DEMO_SOCIAL_SECURITY_ANNUAL_USD,
            inflation_indexed: true,
            note: DEMO_SOCIAL_SECURITY_NOTE,
          },
        ],
      },
    },
    { id: DEMO_USER_ID, externalId: LOCAL_USER_EXTERNAL_ID },
  );
  await seedDemoAccounts(repositories, user.id);
  return user;
}

/**
 * Give a user the demo's three accounts and twelve positions (the API's populate-test-data),
 * with the reference instruments loaded first for their seed prices. Returns the accounts.
 */
export async function seedDemoAccounts(
  repositories: Repositories,
  userId: string,
): Promise<Account[]> {
  await repositories.instruments.upsertReference(loadReferenceInstruments());
  const accounts: Account[] = [];
  for (const { account, positions } of DEMO_ACCOUNTS) {
    const created = await repositories.accounts.create(userId, account);
    for (const [symbol, quantity] of positions) {
      await repositories.positions.add(userId, { accountId: created.id, symbol, quantity });
    }
    accounts.push(created);
  }
  return accounts;
}
