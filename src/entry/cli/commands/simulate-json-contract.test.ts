import { describe, expect, it } from 'vitest';
import { simulateResponseSchema, simulationJsonSchema } from '../../../contracts/index.ts';
import { parseFlags, simulationJson } from './simulate.ts';

// `alex simulate --json` and POST /api/simulate share one contract (src/contracts/simulation.ts).
// These runs cover each optional part of the JSON, so a field the engine adds or renames fails here.

const run = (flags: Record<string, unknown>) =>
  simulationJson(parseFlags({ json: true, simulations: '200', ...flags }));

const OPTION_SETS: Array<[string, Record<string, unknown>]> = [
  [
    'lognormal with an allocation',
    { balance: '500000', spending: '30000', allocation: 'equity=0.6,fixed_income=0.4' },
  ],
  [
    'one nominal asset',
    { balance: '500000', withdrawalRate: '0.04', returnMean: '0.07', returnVolatility: '0.15' },
  ],
  ['historical', { balance: '1000000', spending: '40000', model: 'historical', levers: false }],
  [
    'bootstrap, fixed nominal',
    { balance: '1000000', spending: '40000', model: 'bootstrap', inflationAdjust: false },
  ],
  ['vpw', { balance: '800000', strategy: 'vpw', yearsToRetirement: '5', contribution: '10000' }],
  [
    'guardrails',
    { balance: '800000', withdrawalRate: '0.05', strategy: 'guardrails', spendingFloor: '0.8' },
  ],
  [
    'income streams',
    {
      balance: '600000',
      spending: '50000',
      currentAge: '60',
      spouseAge: '58',
      socialSecurity: '67:2400/month',
      spouseSocialSecurity: '67:1200/month',
      pension: ['65:12000/year:life:fixed'],
      expense: ['70:5000/year:5'],
    },
  ],
  [
    'taxes',
    {
      taxable: '200000',
      taxDeferred: '500000',
      taxFree: '100000',
      spending: '40000',
      currentAge: '70',
      withdrawalOrder: 'proportional',
    },
  ],
];

describe('alex simulate --json matches the simulation contract', () => {
  it.each(OPTION_SETS)('%s', (_name, flags) => {
    const json = run(flags);
    const checked = simulationJsonSchema.safeParse(json);
    expect(checked.success ? 'ok' : checked.error.message).toBe('ok');
  });

  it('covers the optional parts: levers, cash flows, historical windows, vpw return', () => {
    const withStreams = simulationJsonSchema.parse(run(OPTION_SETS[6]![1]));
    expect(withStreams.levers.length).toBeGreaterThan(0);
    expect(withStreams.assumptions.cash_flows.map((flow) => flow.kind)).toEqual([
      'social_security',
      'social_security',
      'pension',
      'expense',
    ]);
    const historical = simulationJsonSchema.parse(run(OPTION_SETS[2]![1]));
    expect(historical.historical_windows?.overlapping).toBe(true);
    expect(historical.worst_start_years?.length).toBeGreaterThan(0);
    expect(
      simulationJsonSchema.parse(run(OPTION_SETS[4]![1])).assumptions.vpw_real_return,
    ).toBeTypeOf('number');
  });

  it('refuses a field the contract does not name, so the two sides cannot drift', () => {
    const json = { ...run(OPTION_SETS[0]![1]), surprise: 1 };
    expect(simulationJsonSchema.safeParse(json).success).toBe(false);
  });

  it('the API answer is the CLI JSON plus portfolio_defaults', () => {
    const json = run(OPTION_SETS[0]![1]);
    expect(simulateResponseSchema.safeParse(json).success).toBe(false);
    const answer = { ...json, portfolio_defaults: { balance: 500_000 } };
    expect(simulateResponseSchema.parse(answer).portfolio_defaults.balance).toBe(500_000);
  });
});
