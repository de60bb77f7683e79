// RMD ages (SECURE 2.0) and the Uniform Lifetime Table in force since 2022.
import { describe, expect, it } from 'vitest';
import { requiredDistributionUsd, rmdStartAge } from './required-distributions.ts';
import { uniformLifetimeDivisor } from './uniform-lifetime-table.ts';

describe('required minimum distributions', () => {
  it('start at 73 for people born 1951-1959 and at 75 from 1960', () => {
    expect(rmdStartAge(1951)).toBe(73);
    expect(rmdStartAge(1959)).toBe(73);
    expect(rmdStartAge(1960)).toBe(75);
  });

  it('use the 2022 table (72: 27.4, 75: 24.6), not the older one that began 70: 27.4', () => {
    expect(uniformLifetimeDivisor(71)).toBeNull();
    expect(uniformLifetimeDivisor(72)).toBe(27.4);
    expect(uniformLifetimeDivisor(75)).toBe(24.6);
    expect(uniformLifetimeDivisor(100)).toBe(6.4);
    expect(uniformLifetimeDivisor(120)).toBe(2.0);
    expect(uniformLifetimeDivisor(125)).toBe(2.0);
  });

  it('at 75 with balance B are B / 24.6, and nothing before the start age', () => {
    expect(requiredDistributionUsd(246_000, 75, 75)).toBeCloseTo(10_000, 9);
    expect(requiredDistributionUsd(246_000, 74, 75)).toBe(0);
    expect(requiredDistributionUsd(265_000, 73, 73)).toBeCloseTo(10_000, 9);
  });
});
