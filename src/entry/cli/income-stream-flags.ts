import {
  incomeStreamSchema,
  type IncomeStream,
  type IncomeStreamKind,
} from '../../contracts/income-streams.ts';
import { InputError } from '../../errors.ts';

// The text form of an income or expense stream, shared by `alex simulate`, `alex users income`
// and POST /api/simulate's stream fields: AGE:AMOUNT[/month|/year][:YEARS|:life][:indexed|:fixed].

export const STREAM_FLAGS = {
  '--social-security': { kind: 'social_security', person: 'self' },
  '--spouse-social-security': { kind: 'social_security', person: 'spouse' },
  '--pension': { kind: 'pension', person: 'self' },
  '--income': { kind: 'income', person: 'self' },
  '--expense': { kind: 'expense', person: 'self' },
} as const satisfies Record<string, { kind: IncomeStreamKind; person: 'self' | 'spouse' }>;
export type StreamFlag = keyof typeof STREAM_FLAGS;

export const STREAM_SYNTAX = 'AGE:AMOUNT[/month|/year][:YEARS|:life][:indexed|:fixed]';

// Without a duration or an indexation: Social Security is for life and indexed (by law);
// pensions are for life and fixed nominal (most US private pensions have no cost-of-living
// raise); other income and expenses happen once, in today's dollars.
const DEFAULTS: Record<IncomeStreamKind, { years: number | null; indexed: boolean }> = {
  social_security: { years: null, indexed: true },
  pension: { years: null, indexed: false },
  income: { years: 1, indexed: true },
  expense: { years: 1, indexed: true },
};

const WHOLE = /^\d+$/;
const PART_NAMES: Record<string, string> = {
  start_age: 'the age',
  years: 'the years',
  annual_usd: 'the amount',
  inflation_indexed: 'indexed or fixed',
};
const AMOUNT = /^\$?(\d[\d,]*(?:\.\d+)?)(?:\/(month|year))?$/;

/**
 * `67:2400/month` → a Social Security stream of $28,800 a year from 67. Errors name `field`: the
 * flag, or the body field of POST /api/simulate that held the text.
 */
export function parseStreamFlag(
  flag: StreamFlag,
  text: string,
  field: string = flag,
): IncomeStream {
  const { kind, person } = STREAM_FLAGS[flag];
  const fail = (rule: string): never => {
    throw InputError.field(field, `${rule} (got "${text}"; the form is ${STREAM_SYNTAX})`);
  };
  const [age = '', amount = '', ...rest] = text.trim().split(':');
  if (!WHOLE.test(age)) fail('starts with the age, a whole number');
  const match = AMOUNT.exec(amount.trim());
  if (!match) fail('needs an amount in dollars after the age, e.g. 2400/month or 30000');
  const perPeriod = Number(match![1]!.replaceAll(',', ''));
  const annualUsd = match![2] === 'month' ? perPeriod * 12 : perPeriod;
  let years = DEFAULTS[kind].years;
  let indexed = DEFAULTS[kind].indexed;
  for (const part of rest) {
    const word = part.trim();
    if (word === 'indexed' || word === 'fixed') indexed = word === 'indexed';
    else if (word === 'life') years = null;
    else if (WHOLE.test(word)) years = Number(word);
    else fail(`"${word}" is not a number of years, "life", "indexed" or "fixed"`);
  }
  const parsed = incomeStreamSchema.safeParse({
    kind,
    person,
    start_age: Number(age),
    years,
    annual_usd: Math.round(annualUsd * 100) / 100,
    inflation_indexed: indexed,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const part = PART_NAMES[String(issue?.path[0])] ?? 'the stream';
    fail(`${part}: ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data!;
}
