import type { Command } from 'commander';
import { XRAY_RULE_IDS, XRAY_RULE_LIMITS, type XrayResponse } from '../../../contracts/xray.ts';
import { analyzePortfolio, toXrayJson, xrayPortfolio } from '../../../core/index.ts';
import { InputError } from '../../../errors.ts';
import type { CommandContext } from '../context.ts';
import { ensureDemoUser } from '../demo-user.ts';
import { formatTable, printJson, printLine } from '../output.ts';
import { collectThreshold, parseThresholdFlags } from '../xray-threshold-flags.ts';

interface XrayOptions {
  demo?: boolean;
  user?: string;
  json?: boolean;
  threshold?: string[];
}

// The text view lists this many companies; --json has them all.
const COMPANIES_SHOWN = 10;

export function registerXrayCommand(program: Command, context: CommandContext): void {
  program
    .command('xray')
    .description(
      'portfolio X-ray at the last stored prices: companies held through funds, currency exposure and rules with thresholds',
    )
    .option('--demo', 'use the demo portfolio (created if missing)')
    .option('--user <id>', 'use this user’s portfolio')
    .option(
      '--threshold <rule=value>',
      'change one rule’s threshold for this run, e.g. emergency_fund=6 (repeatable)',
      collectThreshold,
    )
    .option('--json', 'print the X-ray as JSON (rules and exposures)')
    .addHelpText(
      'after',
      `\nRules (range, default): ${XRAY_RULE_IDS.map(
        (id) =>
          `${id} (${XRAY_RULE_LIMITS[id].min}-${XRAY_RULE_LIMITS[id].max}, ${XRAY_RULE_LIMITS[id].defaultThreshold})`,
      ).join(', ')}. A threshold given here wins over the profile's (alex users xray-thresholds).`,
    )
    .action(async (options: XrayOptions) => {
      // Flags are checked before the database is opened: a typo costs nothing.
      const requestThresholds = parseThresholdFlags(options.threshold);
      if (options.demo && options.user)
        throw InputError.field('--user', 'give either --demo or --user, not both');
      if (!options.demo && !options.user)
        throw InputError.field('--user', 'give --user <id> or --demo');
      const services = await context.services();
      const userId = options.user ?? (await ensureDemoUser(services));
      const { user, portfolio } = await services.repositories.portfolios.load(userId);
      const xray = toXrayJson(
        xrayPortfolio({
          input: portfolio,
          analytics: analyzePortfolio(portfolio),
          annualSpendingUsd: user.targetRetirementIncomeUsd,
          profileThresholds: user.xrayThresholds,
          requestThresholds,
        }),
      );
      if (options.json) printJson(xray);
      else printXray(xray);
    });
}

const UNIT: Record<XrayResponse['rules'][number]['unit'], string> = {
  months: ' months',
  pct: '%',
  points: ' points',
};

function printXray(xray: XrayResponse): void {
  printLine('Rules');
  printLine(
    formatTable(
      ['rule', 'status', 'value', 'threshold', 'why'],
      xray.rules.map((rule) => [
        rule.id,
        rule.status,
        rule.value === null ? '-' : `${rule.value}${UNIT[rule.unit]}`,
        `${rule.comparison === 'at_least' ? '≥' : '≤'} ${rule.threshold}${UNIT[rule.unit]} (${rule.threshold_from})`,
        rule.why,
      ]),
    ),
  );
  printLine();
  printLine('Largest company exposures (share of all your money, lower bounds)');
  printLine(
    formatTable(
      ['company', 'share', 'through'],
      xray.exposures.companies
        .slice(0, COMPANIES_SHOWN)
        .map((company) => [
          company.name,
          `${company.pct}%`,
          company.through
            .map((part) => (part.via === 'direct' ? 'your own shares' : part.via))
            .join(', '),
        ]),
    ),
  );
  printLine();
  printLine('Currency exposure');
  printLine(
    formatTable(
      ['bucket', 'share'],
      xray.exposures.currencies.map((bucket) => [bucket.label, `${bucket.pct}%`]),
    ),
  );
  printLine();
  for (const note of xray.notes) printLine(note);
}
