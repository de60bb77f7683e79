import type { TaggerOutput } from '../agents/tagger/index.ts';
import type { LoadedPortfolio } from '../store/repositories/index.ts';
import type { JobDeps } from './deps.ts';
import { runRecordedAgent } from './run-agent.ts';
import type { SpecialistLimits } from './run-specialist.ts';

// Instruments classified from the shipped reference data or by the offline rules are
// (re)classified on every job: reference entries are refreshed from the data without a model
// call, and rule-based guesses get upgraded once a model is configured. A model's
// classification is kept.
const RECLASSIFIED_SOURCES = new Set(['reference', 'heuristic']);
// Instruments per Tagger run. A run is one agent_runs row with its own time budget; 50 symbols
// are five model calls of TAGGER_BATCH_SIZE, well inside that budget on a slow provider, and
// stored before the next run starts, so a failure later on loses no finished classification.
// Any number of held instruments is tagged run after run (one run accepts at most 200).
export const INSTRUMENTS_PER_TAGGER_RUN = 50;

/**
 * Step 1 of the pipeline: classify the held instruments that need it, in runs of
 * INSTRUMENTS_PER_TAGGER_RUN taken in symbol order, storing each run's result.
 */
export async function tagInstruments(
  deps: JobDeps,
  jobId: string,
  loaded: LoadedPortfolio,
  limits: SpecialistLimits,
  deadlineAt: string | null = null,
): Promise<TaggerOutput> {
  const held = await deps.repositories.instruments.get(Object.keys(loaded.portfolio.instruments));
  const needing = held.filter(
    (instrument) =>
      instrument.classificationSource === null ||
      Object.keys(instrument.assetClass).length === 0 ||
      RECLASSIFIED_SOURCES.has(instrument.classificationSource),
  );
  const tagged: TaggerOutput = [];
  const ordered = bySymbol(needing);
  for (let start = 0; start < ordered.length; start += INSTRUMENTS_PER_TAGGER_RUN) {
    const run = ordered.slice(start, start + INSTRUMENTS_PER_TAGGER_RUN);
    const result = await runRecordedAgent(
      deps,
      deps.agents.tagger,
      {
        instruments: run.map((instrument) => ({
          symbol: instrument.symbol,
          ...(instrument.name !== instrument.symbol ? { name: instrument.name } : {}),
          ...(instrument.instrumentType ? { instrumentType: instrument.instrumentType } : {}),
        })),
      },
      { jobId, ...limits, timeoutMs: deps.settings.taggerTimeoutMs, deadlineAt },
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
    tagged.push(...result.output);
  }
  return tagged;
}

/** A copy sorted by symbol, the order every job writes instrument rows in. */
export function bySymbol<Item extends { symbol: string }>(items: readonly Item[]): Item[] {
  return [...items].sort((left, right) =>
    left.symbol < right.symbol ? -1 : left.symbol > right.symbol ? 1 : 0,
  );
}
