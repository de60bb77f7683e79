import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandModuleOf } from './command-index.ts';
import { createCommandContext } from './context.ts';

describe('the CLI command index', () => {
  it(
    'lists exactly the commands each module registers, with the summaries they declare',
    { timeout: 60_000 },
    async () => {
      for (const entry of COMMAND_MODULES) {
        const program = new Command('alex');
        (await entry.load())(program, createCommandContext());
        const registered = Object.fromEntries(
          program.commands.map((command) => [command.name(), command.description()]),
        );
        expect(registered).toEqual(entry.commands);
      }
    },
  );

  it('finds the module of a command and nothing for an unknown name', () => {
    expect(Object.keys(commandModuleOf('positions')?.commands ?? {})).toContain('users');
    expect(commandModuleOf('bogus')).toBeUndefined();
    expect(commandModuleOf(undefined)).toBeUndefined();
  });
});
