import type { IncomeStream } from '../../contracts/income-streams.ts';
import type { CashFlowStream } from './types.ts';

/**
 * The profile's streams (each by its person's own age) as the engine's, by the user's age: a
 * spouse's stream starts at the user's age when the spouse reaches its start age.
 */
export function cashFlowsFromIncomeStreams(
  streams: readonly IncomeStream[],
  ages: { self: number; spouse: number | null },
): CashFlowStream[] {
  return streams.map((stream) => {
    if (stream.person === 'spouse' && ages.spouse === null) {
      throw new RangeError("a spouse's stream needs the spouse's age");
    }
    const shift = stream.person === 'spouse' ? ages.self - (ages.spouse ?? 0) : 0;
    return {
      kind: stream.kind,
      person: stream.person,
      // A stream that started before the user was born (a much older spouse) starts at 0.
      startAge: Math.max(0, stream.start_age + shift),
      years: stream.years,
      annualUsd: stream.annual_usd,
      inflationIndexed: stream.inflation_indexed,
      ...(stream.kind === 'social_security' ? { claimingAge: stream.start_age } : {}),
      ...(stream.note === undefined ? {} : { note: stream.note }),
    };
  });
}

const KIND_NAMES: Record<CashFlowStream['kind'], string> = {
  social_security: 'Social Security',
  pension: 'pension',
  income: 'income',
  expense: 'expense',
};

const dollars = (usd: number) => `$${usd.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

/**
 * One line per stream, by the user's age: "Social Security (spouse) at 67: $28,800 a year,
 * inflation-indexed, for life".
 */
export function describeCashFlow(stream: CashFlowStream): string {
  const whose = stream.person === 'spouse' ? ' (spouse)' : '';
  const value = stream.inflationIndexed
    ? "today's dollars, inflation-indexed"
    : 'fixed nominal dollars, losing value with inflation';
  const span =
    stream.years === null ? 'for life' : stream.years === 1 ? 'once' : `for ${stream.years} years`;
  const claimed =
    stream.person === 'spouse' && stream.claimingAge !== undefined
      ? ` (claimed at the spouse's ${stream.claimingAge})`
      : '';
  const note = stream.note === undefined ? '' : ` [${stream.note}]`;
  return `${KIND_NAMES[stream.kind]}${whose} from age ${stream.startAge}${claimed}: ${dollars(stream.annualUsd)} a year (${value}), ${span}${note}`;
}
