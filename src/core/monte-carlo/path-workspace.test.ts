import { describe, expect, it } from 'vitest';
import { runPaths } from './engine.ts';
import { PathWorkspace } from './path-workspace.ts';
import { planOptions } from './test-options.ts';

describe('PathWorkspace', () => {
  it('gives the same paths as fresh arrays, run after run, as sizes and plans change', () => {
    const workspace = new PathWorkspace();
    const plans = [
      planOptions({ seed: 1, simulations: 300, yearsToRetirement: 10 }),
      planOptions({ seed: 2, simulations: 100, retirementYears: 20, strategy: 'guardrails' }),
      planOptions({ seed: 3, simulations: 250, yearsToRetirement: 5 }),
    ];
    for (const options of plans) {
      const reused = runPaths(options, { wealth: true }, workspace);
      const fresh = runPaths(options);
      expect(reused.wealth).toEqual(fresh.wealth);
      expect(reused.income).toEqual(fresh.income);
      expect(reused.depletionYear).toEqual(fresh.depletionYear);
      expect(reused.maxSpending).toEqual(fresh.maxSpending);
      expect(reused.cuts).toEqual(fresh.cuts);
    }
  });

  it('reuses one buffer per role up to its limit, and keeps nothing larger', () => {
    const workspace = new PathWorkspace(800);
    const small = workspace.floats('wealth', 100);
    expect(workspace.floats('wealth', 50).buffer).toBe(small.buffer);
    expect(workspace.floats('wealth', 50)).toHaveLength(50);
    const large = workspace.floats('wealth', 101);
    expect(large.buffer).not.toBe(small.buffer);
    expect(workspace.floats('wealth', 101).buffer).not.toBe(large.buffer);
    expect(workspace.floats('wealth', 100).buffer).toBe(small.buffer);
  });
});
