// One agent at a time, outside a job: `alex tag`, `alex report`, `alex charts`, `alex
// retirement`. Each prints the payload a job would store, checked against its contract, and
// writes nothing: no job, no agent run, no prices, no classifications.
import type { Command } from 'commander';
import type { AgentDefinition, AgentResult } from '../../../agents/agent.ts';
import type { PortfolioSnapshot } from '../../../agents/portfolio-snapshot.ts';
import { MAX_SIMULATIONS } from '../../../agents/retirement/schema.ts';
import { createTagger, type TaggerOutput } from '../../../agents/tagger/index.ts';
import { symbolSchema } from '../../../contracts/allocation.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  type ChartsPayload,
  type ReportPayload,
  type RetirementPayload,
} from '../../../contracts/payloads.ts';
import type { Config } from '../../../config.ts';
import { InputError, TimeoutError } from '../../../errors.ts';
import { buildSnapshot } from '../../../jobs/build-snapshot.ts';
import {
  DEFAULT_JOB_SETTINGS,
  projectJobRetirement,
  reporterRetirementInput,
  type JobDeps,
} from '../../../jobs/index.ts';
import {
  createAttemptBudget,
  createJobSpend,
  createModelRegistry,
  createUsageLedger,
} from '../../../llm/index.ts';
import { createLogger } from '../../../log.ts';
import type { Quote } from '../../../market/price-source.ts';
import { parseWith } from '../../../parse-json.ts';
import { loadReferenceInstruments } from '../../../store/reference/reference-instruments.ts';
import type { LoadedPortfolio } from '../../../store/repositories/index.ts';
import { createJobRuntime } from '../../job-runtime.ts';
import type { CommandContext } from '../context.ts';
import { ensureDemoUser } from '../demo-user.ts';
import { numberOption } from '../options.ts';
import { formatTable, printJson, printLine } from '../output.ts';

// The ranges the retirement agent accepts: up to its path limit, any 32-bit seed.
const SIMULATIONS = { min: 1, max: MAX_SIMULATIONS, integer: true };
const SEED = { min: -2_147_483_648, max: 4_294_967_295, integer: true };

/** What running one agent needs; a job's dependencies fit, and so does the tag command's set. */
type AgentRunner = Pick<JobDeps, 'models' | 'logger' | 'now' | 'settings' | 'knowledge'>;

interface PortfolioOptions {
  demo?: boolean;
  user?: string;
  json?: boolean;
}

interface RetirementFlags extends PortfolioOptions {
  simulations?: string;
  seed?: string;
}

export function registerAgentCommands(program: Command, context: CommandContext): void {
  program
    .command('tag')
    .description('classify instruments with the Tagger (classification only; nothing is stored)')
    .argument('<symbols...>', 'tickers such as VTI BRK.B')
    .option('--json', 'print the classifications as JSON')
    .action(async (symbols: string[], options: { json?: boolean }) => {
      await tag(context, symbols, options);
    });

  portfolioCommand(program, 'report', 'write the portfolio report with the Reporter').action(
    async (options: PortfolioOptions) => {
      const { deps, snapshot } = await prepare(context, options);
      // The readiness section states the retirement projection, or why there is none, as in a job.
      const projection = await projectJobRetirement(deps, snapshot);
      const result = await runAgentOnce(deps, deps.agents.reporter, {
        snapshot,
        ...reporterRetirementInput(deps, snapshot, projection),
      });
      const payload = parseWith(reportPayloadSchema, result.output, 'report payload');
      if (options.json) printJson(payload);
      else printReport(payload);
    },
  );

  portfolioCommand(
    program,
    'charts',
    'choose and compute the portfolio charts with the Charter',
  ).action(async (options: PortfolioOptions) => {
    const { deps, snapshot } = await prepare(context, options);
    const result = await runAgentOnce(deps, deps.agents.charter, { snapshot });
    const payload = parseWith(chartsPayloadSchema, result.output, 'charts payload');
    if (options.json) printJson(payload);
    else printCharts(payload, result.model);
  });

  portfolioCommand(program, 'retirement', 'project retirement readiness with the Retirement agent')
    .option('--simulations <n>', 'number of Monte Carlo paths (default 10000)')
    .option('--seed <s>', 'random seed (default: derived from the user id)')
    .action(async (options: RetirementFlags) => {
      const simulations = numberOption('--simulations', options.simulations, SIMULATIONS);
      const seed = numberOption('--seed', options.seed, SEED);
      const { deps, snapshot } = await prepare(context, options);
      const input = {
        snapshot,
        options: {
          ...(simulations !== undefined ? { simulations } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(deps.historicalReturns ? { historicalReturns: deps.historicalReturns } : {}),
          ...(deps.lifeTable ? { lifeTable: deps.lifeTable } : {}),
        },
      };
      const result = await runAgentOnce(deps, deps.agents.retirement, input);
      const payload = parseWith(retirementPayloadSchema, result.output, 'retirement payload');
      if (options.json) printJson(payload);
      else printRetirement(payload);
    });
}

function portfolioCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(`${description}; prints the payload a job would store, and stores nothing`)
    .option('--demo', 'use the demo portfolio (created if missing)')
    .option('--user <id>', 'use this user’s portfolio')
    .option('--json', 'print the payload as JSON');
}

/**
 * What a command that runs one agent outside a job needs: the configured models, timeouts and
 * spend ceiling (ALEX_MAX_JOB_TOKENS / ALEX_MAX_JOB_COST_USD apply to one command run).
 */
export function standaloneRunner(config: Config): AgentRunner {
  return {
    models: createModelRegistry(config.llm),
    logger: createLogger({ level: config.log.level }),
    now: () => new Date(),
    settings: {
      ...DEFAULT_JOB_SETTINGS,
      llmTimeoutMs: config.llm.timeoutMs,
      spendCeiling: config.jobSpendCeiling,
    },
  };
}

/** Classify symbols: reference data, else the configured model, else the offline rules. */
async function tag(
  context: CommandContext,
  rawSymbols: string[],
  options: { json?: boolean },
): Promise<void> {
  const symbols = parseSymbols(rawSymbols);
  const config = context.config();
  // No database: the tagger's inputs are the shipped reference data and the model, so the
  // command is quick and cannot change anything.
  const runner = standaloneRunner(config);

  const tagger = createTagger({ reference: loadReferenceInstruments() });
  const result = await runAgentOnce(runner, tagger, {
    instruments: symbols.map((symbol) => ({ symbol })),
  });
  if (options.json) printJson(result.output);
  else printClassifications(result.output, result.model);
}

/** Upper-cased, each once, in the order given; an InputError names the first bad one. */
export function parseSymbols(rawSymbols: readonly string[]): string[] {
  const symbols: string[] = [];
  for (const raw of rawSymbols) {
    const parsed = symbolSchema.safeParse(raw);
    if (!parsed.success) {
      throw InputError.field(
        'symbol',
        `"${raw}" is not a ticker (letters and digits, up to 6, optional class such as BRK.B)`,
      );
    }
    if (!symbols.includes(parsed.data)) symbols.push(parsed.data);
  }
  return symbols;
}

async function prepare(
  context: CommandContext,
  options: PortfolioOptions,
): Promise<{ deps: JobDeps; snapshot: PortfolioSnapshot }> {
  if (options.demo && options.user)
    throw InputError.field('--user', 'give either --demo or --user, not both');
  if (!options.demo && !options.user)
    throw InputError.field('--user', 'give --user <id> or --demo');
  const services = await context.services();
  // The agents, models and prices of a job; its queue is created with them but never used here.
  const { deps } = await createJobRuntime(services);
  const userId = options.user ?? (await ensureDemoUser(services));
  const loaded = await services.repositories.portfolios.load(userId);
  const refresh = await deps.refreshPrices(Object.keys(loaded.portfolio.instruments));
  const snapshot = buildSnapshot(withQuotes(loaded, refresh.updated), refresh, deps.now());
  return { deps, snapshot };
}

/**
 * The portfolio valued at the fresh market prices, in memory only (a job stores them first and
 * reloads; this command stores nothing). Offline there are none and the stored prices stand.
 */
export function withQuotes(loaded: LoadedPortfolio, quotes: readonly Quote[]): LoadedPortfolio {
  if (quotes.length === 0) return loaded;
  const instruments = { ...loaded.portfolio.instruments };
  for (const quote of quotes) {
    const instrument = instruments[quote.symbol];
    if (!instrument) continue;
    instruments[quote.symbol] = {
      ...instrument,
      priceUsd: quote.priceUsd,
      priceSource: quote.source,
      priceAsOf: quote.asOf,
    };
  }
  return { ...loaded, portfolio: { ...loaded.portfolio, instruments } };
}

/**
 * One run of one agent, as a job would run it (its model, a budget of model attempts, a usage
 * ledger, the per-request timeout) and bounded by the specialist timeout. Failures propagate:
 * the CLI prints one line and exits non-zero.
 */
export async function runAgentOnce<Input, Output>(
  runner: AgentRunner,
  agent: AgentDefinition<Input, Output>,
  input: Input,
): Promise<AgentResult<Output>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(`${agent.name} agent`, runner.settings.specialistTimeoutMs);
      controller.abort(error);
      reject(error);
    }, runner.settings.specialistTimeoutMs);
  });
  try {
    return await Promise.race([
      agent.run(input, {
        model: runner.models.modelFor(agent.name),
        budget: createAttemptBudget(runner.settings.modelAttemptsPerJob),
        // One command run gets the job ceiling (ALEX_MAX_JOB_TOKENS / ALEX_MAX_JOB_COST_USD).
        spend: createJobSpend({ ceiling: runner.settings.spendCeiling }),
        ledger: createUsageLedger(),
        llmTimeoutMs: runner.settings.llmTimeoutMs,
        ...(runner.knowledge ? { knowledge: runner.knowledge } : {}),
        logger: runner.logger.child({ agent: agent.name }),
        signal: controller.signal,
        now: runner.now,
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

/** `{equity: 60, fixed_income: 40}` → `equity 60, fixed_income 40`, largest first. */
function percentMap(allocation: Partial<Record<string, number>>, limit = 3): string {
  const entries = Object.entries(allocation)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((left, right) => right[1] - left[1]);
  if (entries.length === 0) return 'unclassified';
  const shown = entries.slice(0, limit).map(([key, pct]) => `${key} ${Number(pct.toFixed(1))}`);
  return entries.length > limit ? `${shown.join(', ')}, …` : shown.join(', ');
}

function printClassifications(output: TaggerOutput, model: string): void {
  printLine(
    formatTable(
      ['symbol', 'name', 'type', 'asset class %', 'regions %', 'sectors %', 'source'],
      output.map((item) => [
        item.symbol,
        item.name,
        item.instrument_type,
        percentMap(item.allocation_asset_class),
        percentMap(item.allocation_regions),
        percentMap(item.allocation_sectors),
        item.classification_source,
      ]),
    ),
  );
  for (const item of output) if (item.note) printLine(`${item.symbol}: ${item.note}`);
  printLine();
  printLine(`model: ${model}; classification only; not stored`);
}

function printReport(payload: ReportPayload): void {
  printLine(payload.content.trimEnd());
  printLine();
  const { figures, mismatches } = payload.fact_check;
  printLine(
    `model: ${payload.model}; fact check: ${figures} figures, ${mismatches.length} mismatches; not stored`,
  );
}

function printCharts(payload: ChartsPayload, model: string): void {
  const charts = Object.entries(payload);
  printLine(
    formatTable(
      ['key', 'title', 'type', 'points', 'total'],
      charts.map(([key, chart]) => [
        key,
        chart.title,
        chart.type,
        String(chart.data.length),
        usd.format(chart.total),
      ]),
    ),
  );
  printLine();
  for (const [key, chart] of charts) printLine(`${key}: ${chart.description}`);
  printLine();
  printLine(`model: ${model}; ${charts.length} charts; not stored`);
}

function printRetirement(payload: RetirementPayload): void {
  const { results } = payload;
  printLine(payload.analysis.trimEnd());
  printLine();
  printLine(
    formatTable(
      ['headline', 'value'],
      [
        ['success probability', `${results.success_probability}%`],
        ['median at retirement', usd.format(results.median_at_retirement)],
        ['10th percentile at retirement', usd.format(results.percentiles_at_retirement.p10)],
        ['sustainable spending at 90%', usd.format(results.sustainable_spending_at_90pct)],
        ['simulations', String(results.simulations)],
        ['seed', String(results.seed)],
      ],
    ),
  );
  printLine();
  printLine(`model: ${payload.model}; not stored`);
}
