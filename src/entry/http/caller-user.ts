import type { Repositories, User } from '../../store/repositories/index.ts';
import {
  DEMO_USER_ID,
  LOCAL_USER_EXTERNAL_ID,
  seedDemoPortfolio,
} from '../../store/seeds/demo-portfolio.ts';
import type { Caller } from './auth/authenticator.ts';

// A new caller's profile, as the original created it on first sign-in: 20 years to retirement,
// $60,000 a year wanted, 70/30 equity and bonds, half North America and half international.
// They are starting points the person edits (PUT /api/user), not facts about them.
const NEW_USER_PROFILE = {
  yearsUntilRetirement: 20,
  targetRetirementIncomeUsd: 60_000,
  assetClassTargets: { equity: 70, fixed_income: 30 },
  regionTargets: { north_america: 50, international: 50 },
};

/**
 * The user a caller is, created on their first call. The local caller is the demo user of
 * `npm start`, created with the demo portfolio so both show the same thing.
 */
export async function userOfCaller(
  repositories: Repositories,
  caller: Caller,
): Promise<{ user: User; created: boolean }> {
  const existing = await repositories.users.findByExternalId(caller.externalId);
  if (existing) return { user: existing, created: false };
  if (caller.externalId === LOCAL_USER_EXTERNAL_ID) return localUser(repositories);
  return repositories.users.findOrCreateByExternalId(caller.externalId, {
    displayName: displayNameOf(caller),
    ...NEW_USER_PROFILE,
  });
}

async function localUser(repositories: Repositories): Promise<{ user: User; created: boolean }> {
  try {
    return { user: await seedDemoPortfolio(repositories), created: true };
  } catch (error) {
    // Another request created it first, or the CLI made the demo user before the API
    // existed: either way that user is the local caller.
    const claimed = await repositories.users
      .findOrCreateByExternalId(
        LOCAL_USER_EXTERNAL_ID,
        { displayName: 'Demo Investor' },
        { id: DEMO_USER_ID },
      )
      .catch(() => undefined);
    if (claimed) return claimed;
    throw error;
  }
}

/** The name the original gave a new user: the `name` claim, the email's local part, or "New User". */
function displayNameOf(caller: Caller): string {
  const name = caller.name?.trim();
  if (name) return name.slice(0, 200);
  const local = caller.email?.split('@')[0]?.trim();
  return local ? local.slice(0, 200) : 'New User';
}
