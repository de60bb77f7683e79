import { ModelOutputError } from '../../errors.ts';
import { generateStructured, NO_USAGE, type CallUsage } from '../../llm/index.ts';
import type { Logger } from '../../log.ts';
import { parseWith } from '../../parse-json.ts';
import type { AgentContext, AgentDefinition } from '../agent.ts';
import { withoutLinksOrImages } from '../markdown-safety.ts';
import { engineFacts, unmatchedFigures, type EngineFact } from './engine-facts.ts';
import { retirementPrompt, RETIREMENT_INSTRUCTIONS } from './instructions.ts';
import { writeRetirementNarrative } from './offline-writer.ts';
import { projectSnapshot } from './outlook.ts';
import type { Projection } from './projection.ts';
import {
  retirementInputSchema,
  retirementNarrativeSchema,
  retirementOutputSchema,
  type RetirementInput,
  type RetirementNarrative,
  type RetirementPayload,
} from './schema.ts';
import { narrativeMarkdown, toRetirementPayload } from './to-payload.ts';

// Generated tokens per request: the narrative (readiness, risks, levers) runs to 800–1,500
// tokens; 4,000 leaves room for a thorough model and still stops one that loops.
export const RETIREMENT_MAX_OUTPUT_TOKENS = 4_000;

/**
 * Retirement: projects the user's real portfolio with the Monte Carlo engine, tries the
 * levers, and has the model (or the offline writer) explain readiness, risks and levers,
 * quoting only the engine's numbers.
 */
export const retirement: AgentDefinition<RetirementInput, RetirementPayload> = {
  name: 'retirement',
  inputSchema: retirementInputSchema,
  outputSchema: retirementOutputSchema,
  async run(rawInput, context) {
    const input = parseWith(retirementInputSchema, rawInput, 'input');
    const logger = context.logger.child({ agent: 'retirement' });
    const projection =
      input.projection ??
      projectSnapshot(input.snapshot, input.options, context.now().getUTCFullYear());
    const { plan } = projection;
    const facts = engineFacts(projection);
    logger.debug(
      {
        event: 'retirement-simulated',
        model: plan.simulation.model,
        paths: projection.result.paths,
        seed: plan.simulation.seed,
        successPct: projection.successPct,
      },
      'retirement plan simulated',
    );

    const written = await writeNarrative(projection, facts, context, logger);
    const analysis = withoutLinksOrImages(narrativeMarkdown(written.narrative));
    const mismatches = unmatchedFigures(analysis, facts);
    if (mismatches.length > 0) {
      // The model's text passed this same check inside generateStructured; reaching here
      // means the offline writer quoted a number it was not given: a bug, never published.
      throw new ModelOutputError(
        written.model,
        `figures not from the engine: ${mismatches.map((mismatch) => mismatch.text).join(', ')}`,
        analysis,
      );
    }
    const payload = toRetirementPayload(projection, analysis, written.model, context.now());
    return {
      output: parseWith(retirementOutputSchema, payload, 'retirement_payload'),
      usage: written.usage,
      model: written.model,
    };
  },
};

interface WrittenNarrative {
  narrative: RetirementNarrative;
  usage: CallUsage;
  model: string;
}

async function writeNarrative(
  projection: Projection,
  facts: readonly EngineFact[],
  context: AgentContext,
  logger: Logger,
): Promise<WrittenNarrative> {
  if (context.model.kind === 'offline') {
    return { narrative: writeRetirementNarrative(projection), usage: NO_USAGE, model: 'offline' };
  }
  const answer = await generateStructured({
    model: context.model,
    system: RETIREMENT_INSTRUCTIONS,
    prompt: retirementPrompt(projection, facts),
    schema: retirementNarrativeSchema,
    schemaName: 'retirement_narrative',
    validate: (narrative) => figureProblems(narrativeMarkdown(narrative), facts),
    timeoutMs: context.llmTimeoutMs,
    maxOutputTokens: RETIREMENT_MAX_OUTPUT_TOKENS,
    budget: context.budget,
    ...(context.spend ? { spend: context.spend } : {}),
    logger,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.ledger ? { ledger: context.ledger } : {}),
  });
  return { narrative: answer.value, usage: answer.usage, model: answer.model };
}

/** The figure check in words the model can act on in its repair round. */
export function figureProblems(markdown: string, facts: readonly EngineFact[]): string[] {
  return unmatchedFigures(markdown, facts).map(
    (mismatch) =>
      `"${mismatch.text}" is not one of the engine numbers in the data (${mismatch.reason}); ` +
      'quote only the numbers given, or leave the figure out',
  );
}
