import {
  XRAY_RULE_IDS,
  xrayThresholdTextSchema,
  type XrayThresholds,
} from '../../contracts/xray.ts';
import { InputError } from '../../errors.ts';

/** Commander's collector for a repeatable flag: every `--threshold` given, in order. */
export function collectThreshold(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--threshold emergency_fund=6 --threshold fee_ratio=0.2` → thresholds, checked by the schema
 * the API's query uses; an InputError names the flag, the rule and its allowed range.
 */
export function parseThresholdFlags(values: readonly string[] = []): XrayThresholds {
  const text: Record<string, string> = {};
  for (const value of values) {
    const [rule, amount, ...rest] = value.split('=');
    if (!rule || amount === undefined || rest.length > 0) {
      throw InputError.field('--threshold', `must look like <rule>=<number> (got "${value}")`);
    }
    if (!(XRAY_RULE_IDS as readonly string[]).includes(rule.trim())) {
      throw InputError.field(
        '--threshold',
        `"${rule.trim()}" is not a rule; the rules are ${XRAY_RULE_IDS.join(', ')}`,
      );
    }
    text[rule.trim()] = amount.trim();
  }
  const result = xrayThresholdTextSchema.safeParse(text);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      field: `--threshold ${issue.path.map(String).join(' ')}`,
      rule: issue.message,
    })),
  );
}
