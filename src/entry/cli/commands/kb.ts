import type { Command } from 'commander';
import { InputError } from '../../../errors.ts';
import type {
  IngestReport,
  KnowledgeSearchResult,
  KnowledgeService,
} from '../../../knowledge/index.ts';
import type { CommandContext } from '../context.ts';
import { numberOption } from '../options.ts';
import { formatTable, printJson, printLine, printNotice } from '../output.ts';

// The order of the ingest summary line: what went in first, then what did not.
const INGEST_STATUSES = ['added', 'updated', 'unchanged', 'skipped', 'failed'] as const;

// How much of each hit `kb search` prints; --json has the whole text.
const EXCERPT_CHARS = 280;

export function registerKnowledgeCommands(program: Command, context: CommandContext): void {
  const kb = program.command('kb').description('the knowledge base of research notes');

  kb.command('ingest <paths...>')
    .description('add or update notes from markdown/text files or folders')
    .option('--json', 'print JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const knowledge = await knowledgeService(context);
      const report = await knowledge.ingest(paths);
      for (const notice of report.notices) printNotice(notice);
      if (options.json) printJson(report);
      else printIngestReport(report);
      const failed = report.documents.filter((document) => document.status === 'failed');
      if (failed.length > 0) {
        throw new InputError(
          failed.map((document) => ({
            field: document.origin,
            rule: document.error ?? 'could not be read',
          })),
        );
      }
    });

  kb.command('search <query>')
    .description('hybrid search: full text, plus vectors when an embedder is configured')
    .option('--top-k <n>', 'how many results (1–50)', '5')
    .option('--tag <tag>', 'only notes with this tag (repeat for any of several)', collect, [])
    .option('--from <date>', 'only notes dated on or after YYYY-MM-DD')
    .option('--to <date>', 'only notes dated on or before YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action(
      async (
        query: string,
        options: { topK: string; tag: string[]; from?: string; to?: string; json?: boolean },
      ) => {
        const knowledge = await knowledgeService(context);
        const response = await knowledge.searchDetailed(query, {
          topK: numberOption('--top-k', options.topK, { min: 1, max: 50, integer: true }) ?? 5,
          tags: options.tag,
          ...(options.from ? { publishedFrom: options.from } : {}),
          ...(options.to ? { publishedTo: options.to } : {}),
        });
        for (const notice of response.notices) printNotice(notice);
        if (options.json) {
          return printJson({
            query,
            mode: response.mode.description,
            notices: response.notices,
            results: response.results,
          });
        }
        if (response.results.length === 0) return printLine(`no notes match "${query}"`);
        response.results.forEach((result, index) => printLine(describeResult(result, index)));
      },
    );

  kb.command('list')
    .description('the documents in the knowledge base')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const knowledge = await knowledgeService(context);
      const documents = await knowledge.list();
      if (options.json) return printJson(documents);
      if (documents.length === 0)
        return printLine('the knowledge base is empty: run `npx alex kb ingest data/knowledge`');
      printLine(
        formatTable(
          ['title', 'date', 'chunks', 'tags', 'origin'],
          documents.map((document) => [
            document.title,
            document.published ?? '',
            String(document.chunkCount),
            document.tags.join(', '),
            document.origin,
          ]),
        ),
      );
      printLine(`\n${documents.length} documents; search: ${(await knowledge.mode()).description}`);
    });
}

async function knowledgeService(context: CommandContext): Promise<KnowledgeService> {
  return (await context.services()).knowledge;
}

function printIngestReport(report: IngestReport): void {
  if (report.documents.length === 0) return printLine('no .md, .markdown or .txt files found');
  printLine(
    formatTable(
      ['status', 'chunks', 'embedded', 'origin', 'why'],
      report.documents.map((document) => [
        document.status,
        String(document.chunks),
        String(document.embedded),
        document.origin,
        document.error ?? document.reason ?? '',
      ]),
    ),
  );
  const counts = INGEST_STATUSES.map(
    (status) =>
      [status, report.documents.filter((document) => document.status === status).length] as const,
  ).filter(([, count]) => count > 0);
  printLine(`\n${counts.map(([status, count]) => `${count} ${status}`).join(', ')}`);
}

function describeResult(result: KnowledgeSearchResult, index: number): string {
  const excerpt =
    result.text.length > EXCERPT_CHARS
      ? `${result.text.slice(0, EXCERPT_CHARS).trimEnd()}…`
      : result.text;
  return [
    `${index + 1}. ${result.heading ?? result.title}`,
    `   ${[result.source, result.date].filter(Boolean).join(', ')} · score ${result.score.toFixed(4)} (${result.matchedBy.join(' + ')}) · id ${result.id}`,
    `   ${excerpt.replace(/\s*\n\s*/g, ' ')}`,
    '',
  ].join('\n');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
