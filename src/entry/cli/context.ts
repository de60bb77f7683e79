import { environmentWithDotEnv, loadConfig, type Config } from '../../config.ts';
import type { Services } from '../compose.ts';

/**
 * What every command may need, created on first use: configuration parsed once, and the
 * services (database opened and migrated) only for commands that touch data.
 */
export interface CommandContext {
  config(): Config;
  services(): Promise<Services>;
  /** Close what was opened; called once when the command ends. */
  close(): Promise<void>;
}

export function createCommandContext(): CommandContext {
  let config: Config | undefined;
  let services: Promise<Services> | undefined;
  const context: CommandContext = {
    config() {
      config ??= loadConfig(environmentWithDotEnv());
      return config;
    },
    services() {
      // Imported on first use: commands that open no database do not load its modules.
      services ??= import('../compose.ts').then(({ createServices }) =>
        createServices(context.config()),
      );
      return services;
    },
    async close() {
      // A start-up failure was already reported by the command; there is nothing to close.
      if (services)
        await services.then(
          (opened) => opened.close(),
          () => undefined,
        );
    },
  };
  return context;
}
