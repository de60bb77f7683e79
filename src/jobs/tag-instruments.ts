import type { TaggerOutput } from '../agents/tagger/index.ts';
import type { AttemptBudget } from '../llm/index.ts';
import type { LoadedPortfolio } from '../store/repositories/index.ts';
import type { JobDeps } from './deps.ts';
import { runRecordedAgent } from './run-agent.ts';

// Instruments classified from the shipped reference data or by the offline rules are
// (re)classified on every job: reference entries are refreshed from the data without a model
// call, and rule-based guesses get upgraded once a model is configured. A model's
// classification is kept.
const RECLASSIFIED_SOURCES = new Set(['reference', 'heuristic']);

/** Step 1 of the pipeline: classify the held instruments that need it, and store the result. */
export async function tagInstruments(
  deps: JobDeps,
  jobId: string,
  loaded: LoadedPortfolio,
  budget: AttemptBudget,
  deadlineAt: string | null = null,
): Promise<TaggerOutput> {
  const held = await deps.repositories.instruments.get(Object.keys(loaded.portfolio.instruments));
  const needing = held.filter(
    (instrument) =>
      instrument.classificationSource === null ||
      Object.keys(instrument.assetClass).length === 0 ||
      RECLASSIFIED_SOURCES.has(instrument.classificationSource),
  );
  if (needing.length === 0) return [];
  const result = await runRecordedAgent(
    deps,
    deps.agents.tagger,
    {
      instruments: needing.map((instrument) => ({
        symbol: instrument.symbol,
        ...(instrument.name !== instrument.symbol ? { name: instrument.name } : {}),
        ...(instrument.instrumentType ? { instrumentType: instrument.instrumentType } : {}),
      })),
    },
    { jobId, budget, timeoutMs: deps.settings.taggerTimeoutMs, deadlineAt },
  );
  // Rows are written in symbol order: concurrent jobs holding the same instruments then take
  // their row locks in the same order and cannot deadlock (PostgreSQL with several workers).
  await deps.repositories.instruments.saveClassifications(
    bySymbol(result.output).map((classification) => ({
      symbol: classification.symbol,
      name: classification.name,
      instrumentType: classification.instrument_type,
      assetClass: classification.allocation_asset_class,
      regions: classification.allocation_regions,
      sectors: classification.allocation_sectors,
      classificationSource: classification.classification_source,
      note: classification.note ?? null,
    })),
  );
  return result.output;
}

/** A copy sorted by symbol, the order every job writes instrument rows in. */
export function bySymbol<Item extends { symbol: string }>(items: readonly Item[]): Item[] {
  return [...items].sort((left, right) =>
    left.symbol < right.symbol ? -1 : left.symbol > right.symbol ? 1 : 0,
  );
}
