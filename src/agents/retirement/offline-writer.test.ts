import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UserProfile } from '../portfolio-snapshot.ts';
import { engineFacts, readinessVerdict, unmatchedFigures } from './engine-facts.ts';
import { writeRetirementNarrative } from './offline-writer.ts';
import { projectRetirement, type Projection } from './projection.ts';
import { planFromSnapshot } from './retirement-plan.ts';
import type { RetirementOptions } from './schema.ts';
import { narrativeMarkdown } from './to-payload.ts';
import { testSnapshot } from './test-snapshot.ts';

function project(user: Partial<UserProfile> = {}, options: RetirementOptions = {}): Projection {
  const plan = planFromSnapshot(testSnapshot(user), { simulations: 1000, ...options });
  return projectRetirement(plan, 2026);
}

function write(projection: Projection): string {
  return narrativeMarkdown(writeRetirementNarrative(projection));
}

describe('offline retirement narrative', () => {
  it('places success probabilities in the stated bands', () => {
    expect(readinessVerdict(100)).toBe('on track');
    expect(readinessVerdict(90)).toBe('on track');
    expect(readinessVerdict(89.99)).toBe('close, with a thin margin');
    expect(readinessVerdict(75)).toBe('close, with a thin margin');
    expect(readinessVerdict(74.9)).toBe('at risk');
    expect(readinessVerdict(50)).toBe('at risk');
    expect(readinessVerdict(49.9)).toBe('not on track');
  });

  it('explains an at-risk plan: verdict, capital needed, depletion, strongest lever', () => {
    const projection = project();
    expect(projection.successPct).toBeGreaterThanOrEqual(50);
    expect(projection.successPct).toBeLessThan(75);
    const text = write(projection);
    expect(text).toContain('**Verdict: at risk.**');
    expect(text).toContain(
      'Bands used: 90% or more is on track; 75% to 90% close, with a thin margin; ' +
        '50% to 75% at risk; below 50% not on track.',
    );
    const capitalNeeded = projection.capitalNeededUsd ?? 0;
    expect(capitalNeeded).toBeGreaterThan(projection.atRetirement.p50);
    expect(text).toContain(
      `needs a balance of about $${Math.round(capitalNeeded).toLocaleString('en-US')} at retirement`,
    );
    expect(text).toMatch(/of paths ran out of money, half of those by age \d+; the earliest/);
    expect(text).toContain('The strongest lever is to save $5,000 more a year');
    expect(text).toMatch(/At 90% success the plan sustains about \$[\d,]+ a year/);
    expect(text).toContain('below the target of $60,000');
    expect(text).toContain('Positions without a price are left out of the balance: XYZ.');
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });

  it('gives the success rate its sampling margin and says what the leanest year pays', () => {
    const projection = project();
    const margin = projection.successUncertainty?.marginPoints ?? Number.NaN;
    expect(margin).toBeGreaterThan(0);
    const text = write(projection);
    expect(text).toContain(
      `in ${Math.round(projection.successPct * 10) / 10}% ± ${margin.toFixed(1)} (a 95% sampling margin) of them`,
    );
    expect(text).toContain(
      `**What you would live on.** In the weakest tenth of paths the leanest year pays ` +
        `$${Math.round(projection.income.minimumP10Usd).toLocaleString('en-US')} or less against $60,000 planned`,
    );
    expect(text).toContain("below 75% of the first year's spending");
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });

  it('calls a modest plan on track', () => {
    const projection = project({ targetRetirementIncomeUsd: 30_000 });
    expect(projection.successPct).toBeGreaterThanOrEqual(90);
    const text = write(projection);
    expect(text).toContain('**Verdict: on track.**');
    expect(text).toContain('at or above the target of $30,000');
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });

  it('never pairs figures of two measures in one sentence (fixed spending, rate, balances)', () => {
    for (const projection of [project(), project({ targetRetirementIncomeUsd: 30_000 })]) {
      const text = write(projection);
      const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;
      const rate = `${Math.round(projection.sustainableRatePct * 10) / 10}%`;
      const sentences = text.split(/(?<=[.:;])\s+/);
      const pairing = (left: string, right: string) =>
        sentences.filter((sentence) => sentence.includes(left) && sentence.includes(right));
      // The fixed amount that lasts in 90% of paths is not "a withdrawal of" the rate measure.
      expect(pairing(usd(projection.sustainableSpendingUsd), rate)).toEqual([]);
      // The median balance is not set against the capital of the rate measure.
      const capital = usd(projection.capitalNeededUsd ?? Number.NaN);
      expect(pairing(usd(projection.atRetirement.p50), capital)).toEqual([]);
      expect(text).not.toMatch(/what the target needs/);
      // Both measures are still stated, each in its own sentence.
      expect(text).toContain(usd(projection.sustainableSpendingUsd));
      expect(text).toContain(rate);
    }
  });

  it('says so when no path runs out and no lever can help', () => {
    const projection = project({ targetRetirementIncomeUsd: 10_000 });
    expect(projection.depletion.pathsDepleted).toBe(0);
    const text = write(projection);
    expect(text).toContain('No path ran out of money before age 95.');
    expect(text).toContain('Every path already succeeds, so no lever can raise');
    expect(text).toMatch(/- \*\*Retire 2 years later\*\*: 100% success \(no change\)\./);
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });

  it('handles a profile with no target income and no contribution', () => {
    const projection = project({ targetRetirementIncomeUsd: 0, annualContributionUsd: 0 });
    expect(projection.successPct).toBe(100);
    expect(projection.capitalNeededUsd).toBeNull();
    expect(projection.levers.map((lever) => lever.lever)).not.toContain('spend_less');
    const text = write(projection);
    expect(text).toContain('No target retirement income is set in the profile');
    expect(text).not.toContain('Verdict');
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });

  it('notes assumed ages and uses no number it was not given, whatever the plan', () => {
    fc.assert(
      fc.property(
        fc.record({
          currentAge: fc.option(fc.integer({ min: 20, max: 70 }), { nil: null }),
          yearsUntilRetirement: fc.integer({ min: 0, max: 35 }),
          targetRetirementIncomeUsd: fc.integer({ min: 0, max: 200_000 }),
          annualContributionUsd: fc.integer({ min: 0, max: 60_000 }),
        }),
        fc.integer({ min: 1, max: 40 }),
        (user, retirementYears) => {
          const projection = project(user, { simulations: 300, retirementYears });
          const text = write(projection);
          expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
          if (user.currentAge === null) expect(text).toContain('(assumed: the profile has no age)');
        },
      ),
      { numRuns: 25, seed: 20260301 },
    );
  });
});
