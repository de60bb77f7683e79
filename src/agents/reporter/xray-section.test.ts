import { describe, expect, it } from 'vitest';
import { xrayTestPortfolio } from '../../core/xray/test-xray-portfolio.ts';
import { createAttemptBudget, createUsageLedger, type AgentModel } from '../../llm/index.ts';
import { reply, scriptedModel } from '../../llm/testing/scripted-model.ts';
import { silentLogger } from '../../log.ts';
import type { AgentContext } from '../agent.ts';
import { reporter } from './index.ts';
import { reportSnapshot } from './test-snapshot.ts';
import { withXraySection } from './xray-section.ts';

function context(model: AgentModel): AgentContext {
  return {
    model,
    budget: createAttemptBudget(10),
    ledger: createUsageLedger(),
    llmTimeoutMs: 1000,
    logger: silentLogger(),
    now: () => new Date('2026-03-01T12:00:00.000Z'),
  };
}

// The X-ray test portfolio (test data, see test-xray-portfolio.ts) with a $12,000 yearly target:
// the $1,000 of taxable cash is 1 month of it.
const snapshot = reportSnapshot(xrayTestPortfolio(), { targetRetirementIncomeUsd: 12_000 });

describe('the report’s X-ray section', () => {
  it('sits after Diversification with every rule, the look-through and a clean fact check', async () => {
    const { output } = await reporter.run({ snapshot }, context({ kind: 'offline' }));
    const text = output.content;
    const xray = text.slice(text.indexOf('## X-ray'), text.indexOf('## Risk Profile'));
    expect(text.indexOf('## Diversification')).toBeLessThan(text.indexOf('## X-ray'));
    expect(xray).toContain('| Emergency fund | Fail | 1.0 months | at least 3.0 months |');
    expect(xray).toContain('| Single-company concentration | Fail | 23.3% | at most 10.0% |');
    expect(xray).toContain('| Drift from targets | Pass | 3.3 points | at most 5.0 points |');
    // $1,400 of $6,000: $1,000 own shares, $200 each through FUND1 and FUND2.
    expect(xray).toContain(
      '- AAA Corp: 23.3% of your money, through your own shares, FUND1, FUND2.',
    );
    expect(xray).toContain('FUND1 and FUND2, share at least 10.0% of their weight (AAA Corp)');
    expect(xray).toContain('Europe (mixed currencies: EUR, GBP, CHF, SEK and others) 8.3%');
    expect(output.fact_check.mismatches).toEqual([]);
    expect(text).toContain('Limit how much rides on AAA Corp');
  });

  it('uses the profile’s thresholds, in the section and in the findings alike', async () => {
    const own = reportSnapshot(xrayTestPortfolio(), {
      targetRetirementIncomeUsd: 12_000,
      xrayThresholds: { emergency_fund: 1, single_company: 25 },
    });
    const { output } = await reporter.run({ snapshot: own }, context({ kind: 'offline' }));
    expect(output.content).toContain(
      '| Emergency fund | Pass | 1.0 months | at least 1.0 months |',
    );
    expect(output.content).not.toContain('Build an emergency fund');
    expect(output.content).not.toContain('Limit how much rides on');
    expect(output.fact_check.mismatches).toEqual([]);
  });

  it('replaces an X-ray a model wrote itself with the computed one', async () => {
    const offline = (await reporter.run({ snapshot }, context({ kind: 'offline' }))).output.content;
    const forged = withXraySection(offline, '## X-ray\n\nAAA Corp is 99.0% of your money.');
    expect(forged).toContain('99.0%');
    const model = scriptedModel([reply.json({ markdown: forged })], { label: 'openai:test' });
    const { output } = await reporter.run({ snapshot }, context(model));
    model.assertAllConsumed();
    expect(output.content).not.toContain('99.0%');
    expect(output.content.match(/^## X-ray$/gm)).toHaveLength(1);
    expect(output.content).toContain('| Emergency fund | Fail | 1.0 months |');
    expect(output.fact_check.mismatches).toEqual([]);
  });
});
