import type { Command } from 'commander';
import { analyzePortfolio } from '../../../core/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../../store/seeds/demo-portfolio.ts';
import type { CommandContext } from '../context.ts';
import { formatTable, printLine, printNotice } from '../output.ts';

const money = (usd: number) =>
  `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description('create the demo portfolio if needed and analyse it (what `npm start` runs)')
    .action(async () => {
      const { repositories } = await context.services();
      if ((await repositories.users.list()).every((user) => user.id !== DEMO_USER_ID)) {
        await seedDemoPortfolio(repositories);
        printNotice(
          'created the demo portfolio (Demo Investor: 401(k), Roth IRA, taxable brokerage)',
        );
      }
      const { user, portfolio } = await repositories.portfolios.load(DEMO_USER_ID);
      const analytics = analyzePortfolio(portfolio);
      printLine(
        `${user.displayName}: ${money(analytics.total.valueUsd)} in ${analytics.accounts.length} accounts`,
      );
      printLine(
        formatTable(
          ['account', 'type', 'value', 'share'],
          analytics.accounts.map((account) => [
            account.name,
            account.type,
            money(account.valueUsd),
            `${account.pct.toFixed(1)}%`,
          ]),
        ),
      );
      for (const unpriced of analytics.unpriced) {
        printLine(`unpriced: ${unpriced.symbol} (${unpriced.reason}) is left out of the totals`);
      }
    });
}
