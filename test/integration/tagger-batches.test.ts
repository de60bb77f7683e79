// A portfolio of 250 symbols no reference data knows, analysed end to end on the embedded
// database with a scripted Tagger model: the instruments are tagged in runs of 50 (each run
// calling the model once per ten symbols), every classification is stored, and the job ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TAGGER_BATCH_SIZE } from '../../src/agents/tagger/index.ts';
import type { AgentName } from '../../src/contracts/jobs.ts';
import { handleJobMessage, submitJob } from '../../src/jobs/index.ts';
import { INSTRUMENTS_PER_TAGGER_RUN } from '../../src/jobs/tag-instruments.ts';
import type { ModelRegistry } from '../../src/llm/index.ts';
import { reply, scriptedModel, type ScriptedModel } from '../../src/llm/testing/scripted-model.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps } from '../helpers/job-deps.ts';

const SYMBOL_COUNT = 250;
/** ZQ000 … ZQ249: symbol order is number order, the order the pipeline tags them in. */
const SYMBOLS = Array.from(
  { length: SYMBOL_COUNT },
  (_, index) => `ZQ${String(index).padStart(3, '0')}`,
);

/** The model's answer for one batch: each symbol a US technology stock. */
function batchAnswer(symbols: readonly string[]) {
  return {
    instruments: symbols.map((symbol) => ({
      symbol,
      name: `${symbol} Corp`,
      instrument_type: 'stock',
      asset_class: [{ key: 'equity', percent: 100 }],
      regions: [{ key: 'north_america', percent: 100 }],
      sectors: [{ key: 'technology', percent: 100 }],
      confidence: 'medium',
      note: '',
    })),
  };
}

/** The Tagger on `model`, every other agent offline. */
function taggerOnly(model: ScriptedModel): ModelRegistry {
  return {
    modelFor: (agent: AgentName) => (agent === 'tagger' ? model : { kind: 'offline' }),
  };
}

describe('a portfolio of more unknown instruments than one Tagger run takes', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createPgliteTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('tags 250 unknown symbols in runs of 50 and completes the job', async () => {
    const batches: string[][] = [];
    for (let start = 0; start < SYMBOL_COUNT; start += TAGGER_BATCH_SIZE) {
      batches.push(SYMBOLS.slice(start, start + TAGGER_BATCH_SIZE));
    }
    const model = scriptedModel(batches.map((batch) => reply.json(batchAnswer(batch))));
    const { deps, repositories } = createTestJobDeps(database, { models: taggerOnly(model) });

    const user = await repositories.users.create({
      displayName: 'Ada',
      yearsUntilRetirement: 25,
      targetRetirementIncomeUsd: 100_000,
    });
    const account = await repositories.accounts.create(user.id, {
      name: 'Brokerage',
      type: 'taxable',
      cashUsd: 1_000,
    });
    // Added in reverse so the pipeline's own symbol order is what the script relies on.
    for (const symbol of [...SYMBOLS].reverse()) {
      await repositories.positions.add(user.id, { accountId: account.id, symbol, quantity: 1 });
    }
    const job = await submitJob(
      { repositories, queue: { send: () => Promise.resolve() } },
      user.id,
      { analysis_type: 'portfolio_analysis', agents: ['charter'] },
    );

    const outcome = await handleJobMessage(deps, { job_id: job.id });

    expect(outcome).toEqual({ kind: 'processed', jobId: job.id, status: 'completed' });
    expect(model.calls).toHaveLength(SYMBOL_COUNT / TAGGER_BATCH_SIZE);
    model.assertAllConsumed();
    const taggerRuns = (await repositories.agentRuns.list(job.id)).filter(
      (run) => run.agent === 'tagger',
    );
    expect(taggerRuns).toHaveLength(SYMBOL_COUNT / INSTRUMENTS_PER_TAGGER_RUN);
    expect(taggerRuns.every((run) => run.status === 'succeeded')).toBe(true);
    const stored = await repositories.instruments.get(SYMBOLS);
    expect(stored).toHaveLength(SYMBOL_COUNT);
    for (const instrument of stored) {
      expect(instrument).toMatchObject({
        classificationSource: 'llm:scripted:test-model',
        assetClass: { equity: 100 },
      });
    }
  }, 180_000);
});
