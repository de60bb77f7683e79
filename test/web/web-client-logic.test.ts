import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  elapsedOf,
  emptyProgress,
  settleFromSummary,
} from '../../web/src/api/agent-progress.ts';
import { readPortfolio } from '../../web/src/api/portfolio.ts';
import { toApiError } from '../../web/src/api/problem.ts';
import { humanKey } from '../../web/src/format.ts';
import { createSseParser, type ServerEvent } from '../../web/src/api/sse.ts';
import type { Job } from '../../web/src/api/types.ts';

// The web app's logic that needs no browser: reading problem documents, the SSE stream,
// per-agent progress and the portfolio analytics.

describe('problem documents', () => {
  it('puts each rule next to the field it names', () => {
    const error = toApiError(
      400,
      {
        type: 'urn:alex:problem:invalid-input',
        title: 'Invalid input',
        status: 400,
        detail: 'quantity: must be greater than 0; symbol: must be 1 to 12 characters',
        errors: [
          { field: 'quantity', rule: 'must be greater than 0' },
          { field: 'symbol', rule: 'must be 1 to 12 characters' },
        ],
      },
      'fallback',
    );
    expect(error.forField('quantity')).toBe('must be greater than 0');
    expect(error.forField('symbol')).toBe('must be 1 to 12 characters');
    expect(error.forField('account_id')).toBeUndefined();
    expect(error.message).toContain('quantity: must be greater than 0');
  });

  it('reads the fields from detail when the list is absent, and nested paths by their last name', () => {
    const error = toApiError(400, { detail: 'body.cash_balance: must be in whole cents' }, 'x');
    expect(error.forField('cash_balance')).toBe('must be in whole cents');
  });

  it('names no field for an error about no field', () => {
    const error = toApiError(409, { detail: 'an analysis is already running' }, 'x');
    expect(error.fieldErrors).toEqual([]);
    expect(error.message).toBe('an analysis is already running');
  });

  it('falls back to its own message for a body that is not a problem document', () => {
    expect(toApiError(502, '<html>Bad gateway</html>', 'POST /api/x failed (502)').message).toBe(
      'POST /api/x failed (502)',
    );
  });
});

describe('SSE parser', () => {
  it('splits events across chunk boundaries and keeps ids, names and multi-line data', () => {
    const events: ServerEvent[] = [];
    const parse = createSseParser((event) => events.push(event));
    parse('id: 1\nevent: agent-started\ndata: {"agent":');
    parse('"planner"}\n\n: keep-alive\n\nid: 2\r\ndata: line one\r\ndata: line two\r\n\r\n');
    expect(events).toEqual([
      { id: '1', event: 'agent-started', data: '{"agent":"planner"}' },
      { id: '2', event: 'message', data: 'line one\nline two' },
    ]);
  });
});

describe('agent progress', () => {
  const event = (data: object): ServerEvent => ({
    id: undefined,
    event: 'message',
    data: JSON.stringify(data),
  });

  it('counts a running agent up from its start, never below zero, until its time is recorded', () => {
    let progress = applyEvent(
      emptyProgress(),
      event({ type: 'agent-started', agent: 'reporter' }),
      5000,
    );
    const running = progress['reporter']!;
    expect(elapsedOf(running, 6200)).toBe(1200);
    // The page's once-a-second clock read just before the start event arrived.
    expect(elapsedOf(running, 4930)).toBe(0);
    expect(elapsedOf(emptyProgress()['reporter']!, 6200)).toBeNull();
    progress = applyEvent(
      progress,
      event({ type: 'agent-finished', agent: 'reporter', duration_ms: 850 }),
      7000,
    );
    expect(elapsedOf(progress['reporter']!, 9000)).toBe(850);
  });

  it('follows an agent from started to finished with its tokens and cost', () => {
    let progress = emptyProgress();
    progress = applyEvent(progress, event({ type: 'agent-started', agent: 'reporter' }), 1000);
    expect(progress['reporter']).toMatchObject({ state: 'running', startedAtMs: 1000 });
    progress = applyEvent(
      progress,
      event({
        type: 'agent-finished',
        agent: 'reporter',
        duration_ms: 850,
        input_tokens: 1200,
        output_tokens: 300,
        cost_usd: 0.0042,
      }),
      2000,
    );
    expect(progress['reporter']).toMatchObject({
      state: 'succeeded',
      elapsedMs: 850,
      inputTokens: 1200,
      outputTokens: 300,
      costUsd: 0.0042,
    });
    expect(progress['charter']?.state).toBe('waiting');
  });

  it('marks a failed agent with its error and ignores job-level events', () => {
    let progress = applyEvent(
      emptyProgress(),
      event({ type: 'agent-failed', agent: 'charter', error: 'timed out after 30 s' }),
      0,
    );
    progress = applyEvent(progress, event({ type: 'job-finished', status: 'completed' }), 0);
    expect(progress['charter']).toMatchObject({ state: 'failed', error: 'timed out after 30 s' });
    expect(progress['planner']?.state).toBe('waiting');
  });

  it('takes the summary as the record once the job ends', () => {
    const job = {
      summary_payload: {
        summary: 'done',
        status_by_agent: { reporter: 'completed', retirement: 'failed', tagger: 'not_run' },
        timings_ms: { reporter: 900 },
        usage: {
          input_tokens: 10,
          output_tokens: 5,
          cost_usd: 0,
          by_agent: { reporter: { input_tokens: 10, output_tokens: 5, cost_usd: 0 } },
        },
        totals: {},
      },
    } satisfies Pick<Job, 'summary_payload'>;
    const settled = settleFromSummary(emptyProgress(), job);
    expect(settled['reporter']).toMatchObject({
      state: 'succeeded',
      elapsedMs: 900,
      inputTokens: 10,
    });
    expect(settled['retirement']?.state).toBe('failed');
    expect(settled['tagger']?.state).toBe('skipped');
  });
});

describe('portfolio analytics', () => {
  it('reads the snake_case answer of GET /api/portfolio', () => {
    const view = readPortfolio({
      total_usd: 1000,
      invested_usd: 900,
      cash_usd: 100,
      allocation: {
        asset_class: [{ key: 'equity', value_usd: 900, pct: 90 }],
        region: [],
        sector: [],
      },
      accounts: [{ key: 'a1', name: '401k', type: 'tax_deferred', value_usd: 1000, pct: 100 }],
      drift: {
        asset_class: [
          { key: 'equity', target_pct: 60, actual_pct: 90, drift_pct: 30, rebalance_usd: -300 },
        ],
        region: [],
      },
      unpriced: [{ account_id: 'a1', symbol: 'ZZZZ', quantity: 1, reason: 'no_price' }],
    });
    expect(view.totalUsd).toBe(1000);
    expect(view.cashUsd).toBe(100);
    expect(view.allocation.assetClass).toEqual([{ key: 'equity', pct: 90, valueUsd: 900 }]);
    expect(view.accounts[0]).toMatchObject({ name: '401k', valueUsd: 1000, pct: 100 });
    expect(view.drift.assetClass[0]).toMatchObject({ driftPct: 30, rebalanceUsd: -300 });
    expect(view.unpricedSymbols).toEqual(['ZZZZ']);
  });

  it('leaves a figure the answer lacks unknown instead of zero', () => {
    const view = readPortfolio({ allocation: {}, drift: {} });
    expect(view.totalUsd).toBeNull();
    expect(view.allocation.sector).toEqual([]);
  });
});

describe('labels made from API keys', () => {
  it('capitalises the first word and proper nouns only', () => {
    expect(humanKey('asset_class')).toBe('Asset class');
    expect(humanKey('north_america')).toBe('North America');
    expect(humanKey('middle_east')).toBe('Middle East');
    expect(humanKey('claim_social_security_later')).toBe('Claim Social Security later');
    expect(humanKey('retire_later')).toBe('Retire later');
  });
});
