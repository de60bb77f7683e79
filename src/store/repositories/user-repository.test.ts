import { describe, expect, it } from 'vitest';
import { newAccountSchema } from './account-repository.ts';
import { newPositionSchema } from './position-repository.ts';
import { newUserSchema, userUpdateSchema } from './user-repository.ts';

// The ranges the CLI enforces hold at the repositories too, so the API inherits them.
function problems(result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('what the repositories store', () => {
  it('refuses a birth year in the future and money past the stored range', () => {
    const thisYear = new Date().getUTCFullYear();
    expect(
      problems(
        newUserSchema.safeParse({
          displayName: 'Typo',
          birthYear: 2099,
          targetRetirementIncomeUsd: 1e15,
        }),
      ),
    ).toEqual([
      `birthYear: must be a whole number from 1900 to ${thisYear}`,
      'targetRetirementIncomeUsd: must be a number from 0 to 1,000,000,000',
    ]);
  });

  it('refuses targets that do not add up to 100, and accepts none at all', () => {
    expect(
      problems(
        newUserSchema.safeParse({
          displayName: 'Typo',
          assetClassTargets: { equity: 70, fixed_income: 50 },
        }),
      ),
    ).toEqual(['assetClassTargets: must add up to 100 (these add up to 120)']);
    expect(newUserSchema.safeParse({ displayName: 'Ann', regionTargets: {} }).success).toBe(true);
  });

  it('refuses an X-ray threshold outside its rule’s range or for an unknown rule', () => {
    expect(
      problems(
        userUpdateSchema.safeParse({ xrayThresholds: { emergency_fund: 61, fee_ratio: 0.3 } }),
      ),
    ).toEqual(['xrayThresholds.emergency_fund: emergency_fund must be between 0 and 60']);
    expect(problems(userUpdateSchema.safeParse({ xrayThresholds: { cash_drag: 5 } }))).toEqual([
      'xrayThresholds: Unrecognized key: "cash_drag"',
    ]);
    expect(userUpdateSchema.safeParse({ xrayThresholds: { home_bias: 70 } }).success).toBe(true);
  });

  it('keeps the plan-to age a whole age within the life table, and lets it be cleared', () => {
    expect(problems(userUpdateSchema.safeParse({ planToAge: 121 }))).toEqual([
      'planToAge: must be a whole number from 1 to 120',
    ]);
    expect(problems(newUserSchema.safeParse({ displayName: 'Ann', planToAge: 95.5 }))).toEqual([
      'planToAge: must be a whole number from 1 to 120',
    ]);
    expect(userUpdateSchema.safeParse({ planToAge: null }).success).toBe(true);
  });

  it('keeps cash and quantities inside their columns', () => {
    expect(
      problems(newAccountSchema.safeParse({ name: 'Big', type: 'taxable', cashUsd: 1e12 })),
    ).toEqual(['cashUsd: must be a number from 0 to 1,000,000,000']);
    expect(
      problems(
        newPositionSchema.safeParse({
          accountId: '00000000-0000-4000-8000-000000000001',
          symbol: 'VTI',
          quantity: 1e12,
        }),
      ),
    ).toEqual(['quantity: must be a number more than 0 and at most 1,000,000,000']);
  });
});
