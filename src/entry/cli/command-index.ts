// Every top-level command, its one-line summary and the module that defines it. main.ts loads
// only the module of the command being run, so `alex --help` or `alex simulate` do not import
// the database, the agents and every model provider (hundreds of modules) first.
import type { Command } from 'commander';
import type { CommandContext } from './context.ts';

type Register = (program: Command, context: CommandContext) => void;

export interface CommandModule {
  /** The top-level commands the module registers, with the summary `alex --help` shows. */
  commands: Record<string, string>;
  load(): Promise<Register>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    commands: {
      config: 'print the resolved configuration (secrets redacted) and the knowledge-search mode',
    },
    load: async () => (await import('./commands/config.ts')).registerConfigCommand,
  },
  {
    commands: { db: 'database maintenance' },
    load: async () => (await import('./commands/db.ts')).registerDatabaseCommands,
  },
  {
    commands: {
      users: 'people whose portfolios are analysed',
      accounts: "a user's accounts",
      positions: 'holdings in accounts',
    },
    load: async () => (await import('./commands/portfolio.ts')).registerPortfolioCommands,
  },
  {
    commands: { jobs: 'analysis jobs' },
    load: async () => (await import('./commands/jobs.ts')).registerJobCommands,
  },
  {
    commands: {
      start:
        'serve the web app and API on 127.0.0.1 and analyse the demo portfolio (what `npm start` runs)',
    },
    load: async () => (await import('./commands/start.ts')).registerStartCommand,
  },
  {
    commands: {
      demo: 'analyse the demo portfolio with all five agents in the terminal (`npm run demo`)',
    },
    load: async () => (await import('./commands/demo.ts')).registerDemoCommand,
  },
  {
    commands: {
      simulate:
        "Monte Carlo or historical projection of savings and retirement withdrawals. Amounts are today's dollars; the parametric models draw REAL returns (estimated from 1928-2025 US data) jointly with inflation",
    },
    load: async () => (await import('./commands/simulate.ts')).registerSimulateCommand,
  },
  {
    commands: {
      xray: 'portfolio X-ray at the last stored prices: companies held through funds, currency exposure and rules with thresholds',
    },
    load: async () => (await import('./commands/xray.ts')).registerXrayCommand,
  },
  {
    commands: { analyze: 'analyse a portfolio with all five agents and write the outputs' },
    load: async () => (await import('./commands/analyze.ts')).registerAnalyzeCommand,
  },
  {
    commands: {
      worker: 'process queued jobs until stopped (run any number of these against one PostgreSQL)',
    },
    load: async () => (await import('./commands/worker.ts')).registerWorkerCommand,
  },
  {
    commands: {
      serve: 'serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) with a worker',
    },
    load: async () => (await import('./commands/serve.ts')).registerServeCommand,
  },
  {
    commands: { prices: 'market prices of instruments' },
    load: async () => (await import('./commands/prices.ts')).registerPriceCommands,
  },
  {
    commands: { kb: 'the knowledge base of research notes' },
    load: async () => (await import('./commands/kb.ts')).registerKnowledgeCommands,
  },
  {
    commands: {
      tag: 'classify instruments with the Tagger (classification only; nothing is stored)',
      report:
        'write the portfolio report with the Reporter; prints the payload a job would store, and stores nothing',
      charts:
        'choose and compute the portfolio charts with the Charter; prints the payload a job would store, and stores nothing',
      retirement:
        'project retirement readiness with the Retirement agent; prints the payload a job would store, and stores nothing',
    },
    load: async () => (await import('./commands/agents.ts')).registerAgentCommands,
  },
  {
    commands: { dev: 'run deployment paths on this machine' },
    load: async () => (await import('./commands/dev.ts')).registerDevCommands,
  },
  {
    commands: {
      deploy:
        'migrate the database, upload dist/lambda/*.zip, update and publish the functions (specialists first) and switch their live aliases',
      aws: 'the deployed AWS system: database migration, rollback, remote tests and logs',
    },
    load: async () => {
      const { registerAwsCommands } = await import('./commands/aws.ts');
      return (program, context) => registerAwsCommands(program, context);
    },
  },
];

/** The module defining `name`, or undefined for an unknown name. */
export function commandModuleOf(name: string | undefined): CommandModule | undefined {
  return COMMAND_MODULES.find((module) => name !== undefined && name in module.commands);
}
