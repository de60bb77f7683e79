import { afterEach, describe, expect, it, vi } from 'vitest';
import { AMOUNT_USD, QUANTITY, rangeSchema } from './limits.ts';

describe('rangeSchema', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('formats no number while the schema is built (ICU starts on first use), only when a value fails', () => {
    const toLocaleString = vi.spyOn(Number.prototype, 'toLocaleString');
    const amount = rangeSchema(AMOUNT_USD);
    const quantity = rangeSchema(QUANTITY);
    expect(toLocaleString).not.toHaveBeenCalled();
    expect(amount.parse(250_000)).toBe(250_000);
    expect(toLocaleString).not.toHaveBeenCalled();

    const notANumber = amount.safeParse('12');
    expect(notANumber.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a number from 0 to 1,000,000,000',
    ]);
    const zero = quantity.safeParse(0);
    expect(zero.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a number more than 0 and at most 1,000,000,000',
    ]);
  });
});
