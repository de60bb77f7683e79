import type { AllowedFact, Xray } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import {
  generateStructured,
  NO_USAGE,
  StructuredOutputError,
  type CallUsage,
  type LlmAgentModel,
} from '../../llm/index.ts';
import { parseJson, parseWith } from '../../parse-json.ts';
import type { AgentContext, AgentDefinition, KnowledgeSnippet } from '../agent.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import { findIssues, thresholdFacts, type Finding } from './findings.ts';
import { markdownText, withoutLinksOrImages } from '../markdown-safety.ts';
import { REPORTER_INSTRUCTIONS, reportPrompt } from './instructions.ts';
import { createSourceList, searchNotes, type SourceList } from './knowledge-notes.ts';
import { writeOfflineReport } from './offline-writer.ts';
import { reportBrief } from './report-brief.ts';
import {
  checkFigures,
  missingSections,
  reportProblems,
  toFactCheck,
  type FigureCheck,
} from './report-check.ts';
import { allowedFacts, badYearIllustration, type BadYearIllustration } from './report-figures.ts';
import {
  reportDraftSchema,
  reporterInputSchema,
  reporterOutputSchema,
  type ReporterInput,
  type ReporterOutput,
} from './schema.ts';
import { reportXray, withXraySection, xrayFacts, xraySection } from './xray-section.ts';

// Generated tokens per request: the report's eight markdown sections run to 1,500–3,000 tokens;
// 8,000 leaves room for a thorough model and still stops one that loops.
export const REPORTER_MAX_OUTPUT_TOKENS = 8_000;

// Both writers get research notes for this many of the top findings, looked up in code before
// any model call: a search tool would re-send the whole brief on every tool step.
const NOTE_TOPICS = 2;

/** Everything computed before any words are written; both writers use the same figures. */
interface ReportFigures {
  snapshot: PortfolioSnapshot;
  badYear: BadYearIllustration;
  findings: Finding[];
  xray: Xray;
  facts: AllowedFact[];
  userNames: string[];
  outlook: ReporterInput['retirementOutlook'];
  horizonIssue: ReporterInput['retirementHorizonIssue'];
}

/** Writes the markdown portfolio report; every figure in it is checked against the analytics. */
export const reporter: AgentDefinition<ReporterInput, ReporterOutput> = {
  name: 'reporter',
  inputSchema: reporterInputSchema,
  outputSchema: reporterOutputSchema,
  async run(rawInput, context) {
    const input = parseWith(reporterInputSchema, rawInput, 'reporter input');
    const figures = computeFigures(input);
    const sources = createSourceList();
    const written =
      context.model.kind === 'offline'
        ? await writeOffline(figures, sources, context)
        : await writeWithModel(figures, sources, context.model, context);
    const output = parseWith(
      reporterOutputSchema,
      {
        content: written.markdown,
        generated_at: context.now().toISOString(),
        agent: 'reporter',
        model: written.model,
        fact_check: toFactCheck(written.markdown, written.check, written.repaired),
        sources: sources.list(),
      },
      'report payload',
    );
    if (written.check.mismatches.length > 0) {
      context.logger.warn(
        {
          event: 'report-fact-check',
          agent: 'reporter',
          mismatches: written.check.mismatches.length,
        },
        'report kept with figures that match no computed fact',
      );
    }
    return { output, usage: written.usage, model: written.model };
  },
};

interface WrittenReport {
  markdown: string;
  check: FigureCheck;
  repaired: boolean;
  usage: CallUsage;
  model: string;
}

function computeFigures(input: ReporterInput): ReportFigures {
  const { snapshot } = input;
  const badYear = badYearIllustration(snapshot);
  const xray = reportXray(snapshot);
  const findings = findIssues(snapshot, input.retirementOutlook, xray);
  const names = [
    snapshot.user.displayName,
    ...snapshot.portfolio.accounts.map((account) => account.name),
    ...Object.values(snapshot.portfolio.instruments).map((instrument) => instrument.name),
  ];
  return {
    snapshot,
    badYear,
    findings,
    xray,
    facts: allowedFacts(
      snapshot,
      {
        badYear,
        findingFacts: [...findings.flatMap((finding) => finding.facts), ...xrayFacts(xray)],
        thresholdsPct: thresholdFacts(),
      },
      input.retirementOutlook,
      input.retirementHorizonIssue,
    ),
    userNames: names.flatMap((name) => [name, markdownText(name)]),
    outlook: input.retirementOutlook,
    horizonIssue: input.retirementHorizonIssue,
  };
}

/** Research notes for the top findings' topics, each noted in `sources`. */
async function notesFor(
  figures: ReportFigures,
  sources: SourceList,
  context: AgentContext,
): Promise<Map<string, KnowledgeSnippet[]>> {
  const topics = figures.findings.slice(0, NOTE_TOPICS).map((finding) => finding.knowledgeQuery);
  return context.knowledge
    ? searchNotes(context.knowledge, topics, sources)
    : new Map<string, KnowledgeSnippet[]>();
}

async function writeOffline(
  figures: ReportFigures,
  sources: SourceList,
  context: AgentContext,
): Promise<WrittenReport> {
  const notes = await notesFor(figures, sources, context);
  const markdown = withXraySection(
    writeOfflineReport({ ...figures, notes }),
    xraySection(figures.xray),
  );
  return {
    markdown,
    check: checkFigures(markdown, figures.facts, figures.userNames),
    repaired: false,
    usage: NO_USAGE,
    model: 'offline',
  };
}

/**
 * The model writes; the first answer's missing sections and unmatched figures go back for the
 * one repair round. Images and links are taken out of what it wrote (markdown-safety.ts). A repaired answer that still has unmatched figures is kept with them listed
 * in fact_check (the issue's rule); one still missing a section fails the run.
 */
async function writeWithModel(
  figures: ReportFigures,
  sources: SourceList,
  model: LlmAgentModel,
  context: AgentContext,
): Promise<WrittenReport> {
  const checkDraft = (markdown: string) => checkFigures(markdown, figures.facts, figures.userNames);
  const section = xraySection(figures.xray);
  await notesFor(figures, sources, context);
  const notes = sources.snippets().map(({ id, title, text }) => ({ id, title, text }));
  try {
    const result = await generateStructured({
      model,
      system: REPORTER_INSTRUCTIONS,
      prompt: reportPrompt(reportBrief(figures), notes),
      schema: reportDraftSchema,
      schemaName: 'portfolio_report',
      // Checked as it will be kept: with the computed X-ray in place of any the model wrote.
      validate: (draft) => {
        const complete = withXraySection(draft.markdown, section);
        return reportProblems(complete, checkDraft(complete));
      },
      timeoutMs: context.llmTimeoutMs,
      maxOutputTokens: REPORTER_MAX_OUTPUT_TOKENS,
      budget: context.budget,
      ...(context.spend ? { spend: context.spend } : {}),
      signal: context.signal,
      logger: context.logger,
      ledger: context.ledger,
    });
    const markdown = withXraySection(withoutLinksOrImages(result.value.markdown), section);
    return {
      markdown,
      check: checkDraft(markdown),
      repaired: result.repaired,
      usage: result.usage,
      model: result.model,
    };
  } catch (error) {
    const kept = keepDespiteFigures(error);
    if (!kept) throw error;
    const markdown = withXraySection(kept.markdown, section);
    return { ...kept, markdown, check: checkDraft(markdown) };
  }
}

/**
 * generateStructured throws after the repair round whatever the problem; a final answer whose
 * only problems are unmatched figures is still a report, kept with those figures listed.
 */
function keepDespiteFigures(error: unknown): Omit<WrittenReport, 'check'> | null {
  if (!(error instanceof StructuredOutputError) || error.rawText === undefined) return null;
  let markdown: string;
  try {
    markdown = parseJson(error.rawText, reportDraftSchema, 'report').markdown;
  } catch (parseError) {
    if (parseError instanceof InputError) return null;
    throw parseError;
  }
  if (missingSections(markdown).length > 0) return null;
  return {
    markdown: withoutLinksOrImages(markdown),
    repaired: true,
    usage: error.usage,
    model: error.model,
  };
}
