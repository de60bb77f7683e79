import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { parseStreamFlag } from './income-stream-flags.ts';

describe('income stream flags', () => {
  it('reads a monthly Social Security benefit as yearly, indexed and for life', () => {
    expect(parseStreamFlag('--social-security', '67:2400/month')).toEqual({
      kind: 'social_security',
      person: 'self',
      start_age: 67,
      years: null,
      annual_usd: 28_800,
      inflation_indexed: true,
    });
  });

  it('gives each kind its default: pensions fixed for life, income and expenses once', () => {
    const pension = parseStreamFlag('--pension', '65:$1,500/month');
    expect([pension.annual_usd, pension.years, pension.inflation_indexed]).toEqual([
      18_000,
      null,
      false,
    ]);
    const expense = parseStreamFlag('--expense', '70:40000');
    expect([expense.kind, expense.years, expense.inflation_indexed]).toEqual(['expense', 1, true]);
    const mortgage = parseStreamFlag('--expense', '66:18000/year:10:fixed');
    expect([mortgage.years, mortgage.inflation_indexed]).toEqual([10, false]);
    expect(parseStreamFlag('--pension', '65:20000:life:indexed').inflation_indexed).toBe(true);
  });

  it('names the flag and the rule on bad input', () => {
    const cases: Array<[Parameters<typeof parseStreamFlag>, RegExp]> = [
      [['--social-security', '61:2000'], /--social-security: the age: .*from 62 to 70/],
      [['--social-security', '67:2000:fixed'], /--social-security: indexed or fixed: .*indexed/],
      [['--social-security', '67:2000:10'], /--social-security: the years: .*for life/],
      [['--pension', 'sixty:1000'], /--pension: starts with the age/],
      [['--income', '62:lots'], /--income: needs an amount/],
      [['--expense', '62:100:soon'], /--expense: "soon" is not a number of years/],
      [['--income', '62:100:0'], /--income: the years/],
    ];
    for (const [[flag, text], message] of cases) {
      let error: unknown;
      try {
        parseStreamFlag(flag, text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(message);
    }
  });
});
