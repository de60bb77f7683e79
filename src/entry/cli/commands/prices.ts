import type { Command } from 'commander';
import { symbolSchema } from '../../../contracts/allocation.ts';
import { describePriceAge } from '../../../market/index.ts';
import { parseWith } from '../../../parse-json.ts';
import { createJobRuntime } from '../../job-runtime.ts';
import type { CommandContext } from '../context.ts';
import { formatTable, printJson, printLine, printNotice } from '../output.ts';

export function registerPriceCommands(program: Command, context: CommandContext): void {
  const prices = program.command('prices').description('market prices of instruments');

  prices
    .command('refresh')
    .description(
      'fetch prices from Polygon (POLYGON_API_KEY) and store them; without a key, report stored prices',
    )
    .option('--symbols <list>', 'comma-separated symbols (default: every held instrument)')
    .option('--json', 'print JSON')
    .action(async (options: { symbols?: string; json?: boolean }) => {
      const services = await context.services();
      const { deps } = await createJobRuntime(services);
      const symbols = options.symbols
        ? options.symbols
            .split(',')
            .map((symbol, index) => parseWith(symbolSchema, symbol, `--symbols.${index}`))
        : await heldSymbols(services.repositories);
      const refresh = await deps.refreshPrices(symbols);
      await services.repositories.instruments.savePrices(
        refresh.updated.map((quote) => ({
          symbol: quote.symbol,
          priceUsd: quote.priceUsd,
          source: quote.source,
          asOf: quote.asOf,
        })),
      );
      if (options.json) return printJson(refresh);
      for (const notice of refresh.notices) printNotice(notice);
      printLine(
        `updated ${refresh.updated.length}, kept stored ${refresh.stale.length}, no price ${refresh.unpriced.length}`,
      );
      if (refresh.unpriced.length) printLine(`no price: ${refresh.unpriced.join(', ')}`);
    });

  prices
    .command('list')
    .description('stored prices, where they came from and how old they are')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { repositories } = await context.services();
      const today = new Date().toISOString().slice(0, 10);
      const rows = (await repositories.instruments.list()).map((instrument) => ({
        symbol: instrument.symbol,
        price_usd: instrument.priceUsd,
        price_source: instrument.priceSource,
        price_as_of: instrument.priceAsOf,
        age:
          instrument.priceUsd !== null && instrument.priceSource && instrument.priceAsOf
            ? describePriceAge(
                { source: instrument.priceSource, asOf: instrument.priceAsOf },
                today,
              )
            : 'no price',
      }));
      if (options.json) return printJson(rows);
      printLine(
        formatTable(
          ['symbol', 'price', 'source'],
          rows.map((row) => [
            row.symbol,
            row.price_usd === null ? '—' : `$${row.price_usd.toFixed(2)}`,
            row.age,
          ]),
        ),
      );
    });
}

async function heldSymbols(
  repositories: Awaited<ReturnType<CommandContext['services']>>['repositories'],
): Promise<string[]> {
  const symbols = new Set<string>();
  for (const user of await repositories.users.list()) {
    for (const position of await repositories.positions.list(user.id)) symbols.add(position.symbol);
  }
  return [...symbols].sort();
}
