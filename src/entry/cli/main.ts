import { Command, CommanderError } from 'commander';
import { describeForCli, exitCodeFor, printNotice } from './output.ts';
import { createCommandContext } from './context.ts';
import { registerConfigCommand } from './commands/config.ts';
import { registerDatabaseCommands } from './commands/db.ts';
import { registerPortfolioCommands } from './commands/portfolio.ts';
import { registerJobCommands } from './commands/jobs.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerAnalyzeCommand } from './commands/analyze.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerPriceCommands } from './commands/prices.ts';
import { registerKnowledgeCommands } from './commands/kb.ts';
import { registerAgentCommands } from './commands/agents.ts';
import { registerAwsCommands } from './commands/aws.ts';

const context = createCommandContext();
const program = new Command('alex')
  .description('Alex: a multi-agent analysis of an investment portfolio')
  .exitOverride();

registerConfigCommand(program, context);
registerDatabaseCommands(program, context);
registerPortfolioCommands(program, context);
registerJobCommands(program, context);
registerDemoCommand(program, context);
registerSimulateCommand(program, context);
registerAnalyzeCommand(program, context);
registerWorkerCommand(program, context);
registerPriceCommands(program, context);
registerKnowledgeCommands(program, context);
registerAgentCommands(program, context);
registerAwsCommands(program, context);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message; help and version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    printNotice(describeForCli(error));
    process.exitCode = exitCodeFor(error);
  }
} finally {
  await context.close();
}
