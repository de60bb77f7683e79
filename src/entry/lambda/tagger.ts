import { createTagger } from '../../agents/tagger/index.ts';
import { createAttemptBudget, createJobSpend } from '../../llm/index.ts';
import { parseWith } from '../../parse-json.ts';
import { loadReferenceInstruments } from '../../store/reference/reference-instruments.ts';
import { taggerEventSchema } from './events.ts';
import { containerRuntime, type LambdaRuntime } from './container.ts';
import { agentsOfFunction } from './function-agents.ts';

/**
 * The tagger function, as in the seed: classify the given instruments and store the
 * classifications. (Within a job the planner tags in its own process before the snapshot.)
 */
export function createTaggerHandler(runtime: () => Promise<LambdaRuntime>) {
  return async (event: unknown) => {
    const request = parseWith(taggerEventSchema, event, 'event');
    const { jobs } = await runtime();
    const instruments = request.instruments;
    const model = jobs.deps.models.modelFor('tagger');
    const result = await jobs.deps.agents.tagger.run(
      {
        instruments: instruments.map((instrument) => ({
          symbol: instrument.symbol,
          ...(instrument.name ? { name: instrument.name } : {}),
        })),
      },
      {
        model,
        budget: createAttemptBudget(jobs.deps.settings.modelAttemptsPerJob),
        // Outside a job, one invocation gets the job ceiling (ALEX_MAX_JOB_TOKENS / _COST_USD).
        spend: createJobSpend({ ceiling: jobs.deps.settings.spendCeiling }),
        llmTimeoutMs: jobs.deps.settings.llmTimeoutMs,
        logger: jobs.deps.logger,
        now: jobs.deps.now,
      },
    );
    await jobs.deps.repositories.instruments.saveClassifications(
      result.output.map((item) => ({
        symbol: item.symbol,
        name: item.name,
        instrumentType: item.instrument_type,
        assetClass: item.allocation_asset_class,
        regions: item.allocation_regions,
        sectors: item.allocation_sectors,
        classificationSource: item.classification_source,
        note: item.note ?? null,
      })),
    );
    return { classified: result.output, model: result.model };
  };
}

export const handler = createTaggerHandler(
  containerRuntime({
    agents: () =>
      agentsOfFunction('tagger', {
        tagger: createTagger({ reference: loadReferenceInstruments() }),
      }),
  }),
);
