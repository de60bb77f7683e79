import { describe, expect, it } from 'vitest';
import { AMOUNT_USD, QUANTITY, YEARS_TO_RETIREMENT } from '../../contracts/limits.ts';
import { InputError } from '../../errors.ts';
import { numberOption } from './options.ts';

describe('numberOption', () => {
  it('reads decimal text inside the range', () => {
    expect(numberOption('--balance', '250000', AMOUNT_USD)).toBe(250_000);
    expect(numberOption('--balance', ' 2.5e5 ', AMOUNT_USD)).toBe(250_000);
    expect(numberOption('--quantity', '.5', QUANTITY)).toBe(0.5);
    expect(numberOption('--balance', undefined, AMOUNT_USD)).toBeUndefined();
  });

  it.each([
    ['', 'must be a number from 0 to 1,000,000,000, written in decimal (got "")'],
    ['0x10', 'must be a number from 0 to 1,000,000,000, written in decimal (got "0x10")'],
    ['Infinity', 'must be a number from 0 to 1,000,000,000, written in decimal (got "Infinity")'],
    ['1_000', 'must be a number from 0 to 1,000,000,000, written in decimal (got "1_000")'],
    ['1e308', 'must be a number from 0 to 1,000,000,000 (got "1e308")'],
    ['-1', 'must be a number from 0 to 1,000,000,000 (got "-1")'],
  ])('refuses %j, naming the flag', (text, rule) => {
    expect(() => numberOption('--target-income', text, AMOUNT_USD)).toThrow(InputError);
    expect(() => numberOption('--target-income', text, AMOUNT_USD)).toThrow(
      `--target-income: ${rule}`,
    );
  });

  it('keeps whole-number flags whole and an exclusive minimum exclusive', () => {
    expect(() => numberOption('--years-to-retirement', '2.5', YEARS_TO_RETIREMENT)).toThrow(
      '--years-to-retirement: must be a whole number from 0 to 80 (got "2.5")',
    );
    expect(() => numberOption('--quantity', '0', QUANTITY)).toThrow(
      '--quantity: must be a number more than 0 and at most 1,000,000,000 (got "0")',
    );
  });

  it('says where a range comes from when given why', () => {
    expect(() =>
      numberOption('--limit', '101', { min: 1, max: 100, integer: true }, 'one answer holds 100'),
    ).toThrow('--limit: must be a whole number from 1 to 100 (got "101"): one answer holds 100');
  });
});
