import type { Command } from 'commander';
import { XRAY_RULE_IDS, XRAY_RULE_LIMITS } from '../../../contracts/xray.ts';
import { InputError } from '../../../errors.ts';
import type { CommandContext } from '../context.ts';
import { printJson, printLine } from '../output.ts';
import { collectThreshold, parseThresholdFlags } from '../xray-threshold-flags.ts';

interface ThresholdFlags {
  user: string;
  threshold?: string[];
  clear?: boolean;
  json?: boolean;
}

/**
 * `alex users xray-thresholds`: the profile's own X-ray thresholds (what PUT /api/user sets as
 * `xray_thresholds`). The flags replace the stored set; a rule left out keeps its default.
 */
export function registerUserXrayThresholdsCommand(users: Command, context: CommandContext): void {
  users
    .command('xray-thresholds')
    .description(
      "set a user's X-ray rule thresholds (replaces the stored ones; rules left out keep their defaults)",
    )
    .requiredOption('--user <id>', 'whose profile')
    .option('--threshold <rule=value>', 'e.g. emergency_fund=6 (repeatable)', collectThreshold)
    .option('--clear', 'back to the defaults for every rule')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `\nRules (range, default): ${XRAY_RULE_IDS.map(
        (id) =>
          `${id} (${XRAY_RULE_LIMITS[id].min}-${XRAY_RULE_LIMITS[id].max}, ${XRAY_RULE_LIMITS[id].defaultThreshold})`,
      ).join(', ')}.`,
    )
    .action(async (flags: ThresholdFlags) => {
      // Flags are checked before the database is opened: a typo writes nothing.
      const thresholds = parseThresholdFlags(flags.threshold);
      const given = Object.keys(thresholds).length > 0;
      if (flags.clear && given) {
        throw InputError.field('--clear', 'returns every rule to its default; give no --threshold');
      }
      if (!flags.clear && !given) {
        throw InputError.field('--threshold', 'give at least one rule=value, or --clear');
      }
      const { repositories } = await context.services();
      const user = await repositories.users.update(flags.user, { xrayThresholds: thresholds });
      if (flags.json) return printJson(user.xrayThresholds);
      const set = Object.entries(user.xrayThresholds);
      printLine(
        set.length === 0
          ? `${user.displayName}: every X-ray rule at its default`
          : `${user.displayName}: ${set.map(([id, value]) => `${id}=${value}`).join(', ')}; the other rules at their defaults`,
      );
    });
}
