import { describe, expect, it } from 'vitest';
import { formatPct, formatUsd, formatWholeUsd } from './format.ts';

describe('formatWholeUsd', () => {
  it('writes whole dollars with thousands separators and no sign', () => {
    expect(formatWholeUsd(12_345.5)).toBe('$12,346');
    expect(formatWholeUsd(72.5)).toBe('$73');
    expect(formatWholeUsd(-1_450)).toBe('$1,450');
    expect(formatWholeUsd(0)).toBe('$0');
  });
});

describe('formatUsd', () => {
  it('writes whole dollars from $100 up and cents below, with no sign', () => {
    expect(formatUsd(6_800)).toBe('$6,800');
    expect(formatUsd(99.5)).toBe('$99.50');
    expect(formatUsd(100)).toBe('$100');
    expect(formatUsd(72.5)).toBe('$72.50');
    expect(formatUsd(-3_750.4)).toBe('$3,750');
    expect(formatUsd(-0.5)).toBe('$0.50');
  });
});

describe('formatPct', () => {
  it('writes one decimal unless told otherwise', () => {
    expect(formatPct(64)).toBe('64.0%');
    expect(formatPct(12.345)).toBe('12.3%');
    expect(formatPct(0.034, 2)).toBe('0.03%');
    expect(formatPct(4, 0)).toBe('4%');
  });
});
