import type { Chart } from '../../contracts/payloads.ts';
import { buildChartDatasets } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { generateStructured, NO_USAGE } from '../../llm/index.ts';
import { parseWith } from '../../parse-json.ts';
import type { AgentDefinition } from '../agent.ts';
import { assembleCharts, selectionProblems } from './chart-choices.ts';
import { CHARTER_INSTRUCTIONS, chartsPrompt } from './instructions.ts';
import { chooseDefaultCharts } from './offline-writer.ts';
import {
  chartSelectionSchema,
  charterInputSchema,
  charterOutputSchema,
  MIN_CHARTS,
  type CharterInput,
  type CharterOutput,
} from './schema.ts';

// Generated tokens per request: the Charter picks 4–6 charts and writes a title and one line for
// each (the values are computed, not generated), a few hundred tokens; 2,000 leaves room for a
// verbose model and still stops one that loops.
export const CHARTER_MAX_OUTPUT_TOKENS = 2_000;

/** Picks 4–6 of the computed chart datasets and titles them; values always come from the data. */
export const charter: AgentDefinition<CharterInput, CharterOutput> = {
  name: 'charter',
  inputSchema: charterInputSchema,
  outputSchema: charterOutputSchema,
  async run(rawInput, context) {
    const { snapshot } = parseWith(charterInputSchema, rawInput, 'charter input');
    const candidates = buildChartDatasets(snapshot.analytics);
    const keys = candidateKeys(candidates);
    if (context.model.kind === 'offline') {
      const output = assembleCharts(chooseDefaultCharts(candidates), candidates, 'offline');
      return { output, usage: NO_USAGE, model: 'offline' };
    }
    const result = await generateStructured({
      model: context.model,
      system: CHARTER_INSTRUCTIONS,
      prompt: chartsPrompt(candidates),
      schema: chartSelectionSchema(keys),
      schemaName: 'chart_selection',
      validate: (selection) => selectionProblems(selection.charts, candidates, snapshot.analytics),
      timeoutMs: context.llmTimeoutMs,
      maxOutputTokens: CHARTER_MAX_OUTPUT_TOKENS,
      budget: context.budget,
      ...(context.spend ? { spend: context.spend } : {}),
      signal: context.signal,
      logger: context.logger,
      ledger: context.ledger,
    });
    const output = assembleCharts(result.value.charts, candidates, result.model);
    return { output, usage: result.usage, model: result.model };
  },
};

/**
 * The payload contract needs at least four charts, and only an empty portfolio (nothing priced,
 * no cash) yields fewer datasets; the planner does not route the charter there. It fails with the
 * reason rather than padding the payload with made-up charts.
 */
function candidateKeys(candidates: Record<string, Chart>): [string, ...string[]] {
  const keys = Object.keys(candidates);
  const [first, ...rest] = keys;
  if (first === undefined || keys.length < MIN_CHARTS) {
    throw InputError.field(
      'snapshot.analytics',
      `the charter needs at least ${MIN_CHARTS} chart datasets; this portfolio yields ${keys.length} (${keys.join(', ') || 'none'})`,
    );
  }
  return [first, ...rest];
}
