import { describe, expect, it } from 'vitest';
import {
  lifeExpectancy,
  longevityBasis,
  survivalAfter,
  survivorsFromDeathProbabilities,
} from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { loadLifeTable, loadLifeTableRows, parseLifeTable } from './life-table.ts';

describe('SSA period life table 2023 (2026 Trustees Report), as shipped', () => {
  const rows = loadLifeTableRows();
  const table = loadLifeTable();

  it('reads ages 0 to 119 for men and women, with the printed values at the ends', () => {
    expect(rows).toHaveLength(120);
    expect(rows[0]).toEqual({
      age: 0,
      maleQx: 0.006015,
      maleLx: 100000,
      maleEx: 75.79,
      femaleQx: 0.005125,
      femaleLx: 100000,
      femaleEx: 81.06,
    });
    expect(rows[119]?.maleQx).toBe(0.926604);
    expect(table.periodYear).toBe(2023);
    expect(table.trusteesReportYear).toBe(2026);
  });

  it("rebuilds SSA's survivors l(x) from q(x) within one life at every age", () => {
    // SSA keeps more digits of q than the six it prints; one life of 100,000 is the rounding.
    for (const sex of ['male', 'female'] as const) {
      const qx = sex === 'male' ? table.maleQx : table.femaleQx;
      const survivors = survivorsFromDeathProbabilities(qx);
      rows.forEach((row, age) => {
        const printed = sex === 'male' ? row.maleLx : row.femaleLx;
        expect(Math.abs(survivors[age]! - printed)).toBeLessThan(1);
      });
    }
  });

  it("rebuilds SSA's life expectancy at 65 from q(x) within the printed rounding", () => {
    // Published e(65): 18.12 for men, 20.66 for women (two decimals, so ± 0.005).
    const male = lifeExpectancy(survivorsFromDeathProbabilities(table.maleQx), 65);
    const female = lifeExpectancy(survivorsFromDeathProbabilities(table.femaleQx), 65);
    expect(Math.abs(male - 18.12)).toBeLessThanOrEqual(0.0055);
    expect(Math.abs(female - 20.66)).toBeLessThanOrEqual(0.0055);
  });

  it('rebuilds every printed e(x) from 1 to 110 within 0.01 year', () => {
    // Age 0 differs (SSA's infants do not die evenly through the year) and past 110 SSA's
    // own table continues beyond 119, where ours closes.
    for (const sex of ['male', 'female'] as const) {
      const survivors = survivorsFromDeathProbabilities(
        sex === 'male' ? table.maleQx : table.femaleQx,
      );
      for (let age = 1; age <= 110; age++) {
        const printed = sex === 'male' ? rows[age]!.maleEx : rows[age]!.femaleEx;
        expect(Math.abs(lifeExpectancy(survivors, age) - printed)).toBeLessThan(0.01);
      }
    }
  });

  it('gives the survival from 65 to 95 of the printed l(95) / l(65)', () => {
    // By hand from the CSV: men 6,333 / 79,084, women 12,612 / 87,399 (whole lives, so a
    // relative rounding of about 0.5 / 6,333).
    const man = longevityBasis(
      table,
      { currentAge: 65, sex: 'male', spouseInPlan: false },
      'life-table',
    );
    const woman = longevityBasis(
      table,
      { currentAge: 65, sex: 'female', spouseInPlan: false },
      'life-table',
    );
    expect(survivalAfter(man, 30)).toBeCloseTo(6333 / 79084, 4);
    expect(survivalAfter(woman, 30)).toBeCloseTo(12612 / 87399, 4);
  });

  it('refuses a table with a missing age or a percentage for a probability', () => {
    const text = 'age,male_qx,male_lx,male_ex,female_qx,female_lx,female_ex\n';
    expect(() => parseLifeTable(`${text}0,0.006015,100000,75.79,0.005125,100000,81.06\n`)).toThrow(
      /ages 0 to 119/,
    );
    const error = (() => {
      try {
        parseLifeTable(`${text}0,60.15,100000,75.79,0.005125,100000,81.06\n`);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as InputError).message)).toMatch(/life table\.1/);
  });
});
