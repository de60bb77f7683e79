import { describe, expect, it } from 'vitest';
import { timeProcess } from '../../bench/cli-startup.bench.ts';

describe('the start-up bench’s peak memory', () => {
  it('is the measured process’s own, not the memory of the process that started it', () => {
    // 320 MB resident here: a child forked from this process inherits that as its getrusage peak.
    const held = new Float64Array(40_000_000).fill(1);
    const sample = timeProcess(['-e', '0'], {});
    expect(held[held.length - 1]).toBe(1);
    expect(sample.peakRssMb).toBeGreaterThan(10);
    expect(sample.peakRssMb).toBeLessThan(200);
    expect(sample.cpuSeconds).toBeGreaterThan(0);
  });
});
