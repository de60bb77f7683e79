import { describe, expect, it } from 'vitest';
import type { EngineFact } from './engine-facts.ts';
import { groupedFactLines } from './instructions.ts';

describe('retirement prompt lines', () => {
  it('puts facts with one label prefix on one line, in order, with every value', () => {
    const facts: EngineFact[] = [
      { label: 'simulated paths', value: 10_000, unit: 'count' },
      { label: "lever 'spend 10% less': success probability", value: 71.2, unit: 'pct' },
      { label: "lever 'spend 10% less': new yearly amount", value: 90_000, unit: 'usd' },
      { label: 'age 50 (2035) balance: median', value: 636_292, unit: 'usd' },
      { label: 'age 50 (2035) balance: 90th percentile', value: 900_000.4, unit: 'usd' },
    ] as EngineFact[];
    const lines = groupedFactLines(facts);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      "lever 'spend 10% less': success probability 71.2%; new yearly amount $90,000",
    );
    expect(lines[2]).toBe('age 50 (2035) balance: median $636,292; 90th percentile $900,000');
    expect(lines[0]).toMatch(/^simulated paths: /);
  });
});
