import { Command, CommanderError } from 'commander';
import { COMMAND_MODULES, commandModuleOf } from './command-index.ts';
import { createCommandContext } from './context.ts';
import { describeForCli, exitCodeFor, printNotice } from './output.ts';

// `alex … | head` closes the pipe before the command is done writing. Writing to it then fails
// with EPIPE: ignore that, as Unix tools do, and let the command finish its work (a job still
// completes and is stored) instead of dying with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const context = createCommandContext();
const program = new Command('alex')
  .description('Alex: a multi-agent analysis of an investment portfolio')
  .exitOverride();

// Load only the module of the command being run (`alex help <command>` counts as running it);
// without a known command, list every command from the index for help and for commander's
// "unknown command" message.
const [first, second] = process.argv.slice(2);
const module = commandModuleOf(first === 'help' ? second : first);
if (module) {
  (await module.load())(program, context);
} else {
  for (const entry of COMMAND_MODULES)
    for (const [name, summary] of Object.entries(entry.commands))
      program.command(name).description(summary);
}

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
