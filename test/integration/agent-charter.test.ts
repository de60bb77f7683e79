// The Charter with the real openai-compatible provider, resolved through the model registry,
// talking HTTP to the fake server: success, a retry, the repair round and the failures that
// reject the run.
import { describe, expect, it } from 'vitest';
import { charter } from '../../src/agents/charter/index.ts';
import { reportSnapshot } from '../../src/agents/reporter/test-snapshot.ts';
import { chartsPayloadSchema } from '../../src/contracts/payloads.ts';
import { chartTotalMatches } from '../../src/core/index.ts';
import { testPortfolio } from '../../src/core/portfolio/test-portfolio.ts';
import { ModelOutputError, UpstreamError } from '../../src/errors.ts';
import { createUsageLedger } from '../../src/llm/index.ts';
import { fake } from '../fakes/openai-compatible-server.ts';
import { FAKE_MODEL_LABEL, fakeAgentContext, useFakeModel } from '../helpers/fake-model.ts';

const llm = useFakeModel('charter');

/** The core's test portfolio: $6,800 priced over two accounts (round test prices). */
const input = () => ({
  snapshot: reportSnapshot(testPortfolio(), {
    id: 'user-charts-integration',
    displayName: 'Test User',
  }),
});

const selection = {
  charts: [
    {
      key: 'asset_class_allocation',
      title: 'What your money is in',
      description: 'Stocks are 64.0% of your $6,800.',
      type: 'donut',
    },
    { key: 'top_holdings', title: 'Biggest holdings', description: 'VTI leads with $3,750.' },
    { key: 'region_allocation', title: 'Where in the world', description: 'Mostly at home.' },
    { key: 'tax_treatment', title: 'Tax treatment', description: 'Mostly taxable.' },
    { key: 'sector_allocation', title: 'Sectors', description: 'Healthcare leads.' },
  ],
};

describe('charter agent over HTTP', () => {
  it('publishes the chosen charts with values from the datasets', async () => {
    llm.server.script([fake.json(selection, { promptTokens: 700, completionTokens: 150 })]);
    const ledger = createUsageLedger();
    const result = await charter.run(input(), fakeAgentContext(llm.model, { ledger }));
    const payload = chartsPayloadSchema.parse(result.output);
    expect(Object.keys(payload)).toEqual(selection.charts.map((chart) => chart.key));
    expect(payload['asset_class_allocation']).toMatchObject({
      title: 'What your money is in',
      type: 'donut',
      total: 6800,
    });
    expect(payload['top_holdings']?.data.map((point) => [point.name, point.value])).toEqual([
      ['VTI', 3750],
      ['BND', 1450],
      ['Cash', 1000],
      ['VXUS', 600],
    ]);
    expect(Object.values(payload).every(chartTotalMatches)).toBe(true);
    expect(result.model).toBe(FAKE_MODEL_LABEL);
    expect(result.usage).toMatchObject({ inputTokens: 700, outputTokens: 150 });
    expect(ledger.total()).toEqual(result.usage);
    const sent = llm.server.requests[0]?.body;
    expect(sent?.response_format?.type).toBe('json_schema');
    expect(sent?.tools).toBeUndefined();
  });

  it('retries after a 429, then succeeds', async () => {
    llm.server.script([fake.rateLimited('0'), fake.json(selection)]);
    const result = await charter.run(input(), fakeAgentContext(llm.model));
    expect(llm.server.requests).toHaveLength(2);
    expect(Object.keys(result.output)).toHaveLength(5);
  });

  it('repairs a selection with an invented figure, then publishes', async () => {
    const invented = {
      charts: [
        { ...selection.charts[0]!, description: 'Stocks are 75% of your money.' },
        ...selection.charts.slice(1),
      ],
    };
    llm.server.script([fake.json(invented), fake.json(selection)]);
    const result = await charter.run(input(), fakeAgentContext(llm.model));
    expect(result.output['asset_class_allocation']?.description).toBe(
      'Stocks are 64.0% of your $6,800.',
    );
    const repair = llm.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(repair.at(-1)?.content)).toContain(
      'no computed percentage rounds to 75%',
    );
  });

  it('rejects the run when the repaired selection is still invalid', async () => {
    const tooFew = { charts: selection.charts.slice(0, 2) };
    llm.server.script([fake.json(tooFew), fake.json(tooFew)]);
    const failure = await charter
      .run(input(), fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelOutputError);
    expect((failure as ModelOutputError).message).toMatch(
      /still invalid after 1 repair round: answer\.charts: Too small/,
    );
  });

  it('rejects the run when every attempt is rate limited', async () => {
    llm.server.script([0, 1, 2, 3].map(() => fake.rateLimited('0')));
    const failure = await charter
      .run(input(), fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ status: 429 });
    expect(llm.server.requests).toHaveLength(4);
  });
});
