import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { parseJson, parseWith } from '../../parse-json.ts';
import {
  aggregatesResponseSchema,
  errorResponseSchema,
  snapshotResponseSchema,
} from './response-schemas.ts';

function fixtureText(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

describe('Polygon response schemas', () => {
  it('read the close and time of every grouped daily bar, including BRK.B', () => {
    const grouped = parseJson(fixtureText('grouped-daily.json'), aggregatesResponseSchema);
    expect(grouped.results).toHaveLength(9);
    expect(grouped.results?.find((bar) => bar.T === 'BRK.B')).toEqual({
      T: 'BRK.B',
      c: 506.4,
      t: 1763758800000,
    });
  });

  it('accept a grouped daily answer without results (no session that day)', () => {
    const holiday = parseJson(fixtureText('grouped-daily-holiday.json'), aggregatesResponseSchema);
    expect(holiday.results).toBeUndefined();
    expect(holiday.resultsCount).toBe(0);
  });

  it('read the previous close of SPY', () => {
    const previous = parseJson(fixtureText('previous-close-spy.json'), aggregatesResponseSchema);
    expect(previous.results?.[0]).toEqual({ T: 'SPY', c: 659.03, t: 1763758800000 });
  });

  it('read day, prevDay, lastTrade and updated of snapshots, tolerating absent parts', () => {
    const snapshot = parseJson(fixtureText('snapshot-tickers.json'), snapshotResponseSchema);
    expect(snapshot.tickers?.map((entry) => entry.ticker)).toEqual(['VTI', 'BRK.B', 'AAPL', 'BND']);
    expect(snapshot.tickers?.[0]).toEqual({
      ticker: 'VTI',
      day: { c: 326.2 },
      prevDay: { c: 325.18 },
      lastTrade: { p: 326.21, t: 1763998198000000000 },
      updated: 1763998200000000000,
    });
    expect(snapshot.tickers?.[3]?.lastTrade).toBeUndefined();
  });

  it('accept nulls and missing fields, but not a price of the wrong type', () => {
    expect(parseWith(aggregatesResponseSchema, { results: [{ T: 'X', c: null }] }, 'body')).toEqual(
      {
        results: [{ T: 'X', c: null }],
      },
    );
    expect(() =>
      parseWith(aggregatesResponseSchema, { results: [{ T: 'X', c: '12.5' }] }, 'body'),
    ).toThrow(InputError);
  });

  it('read the message of the 403 and the error of the 429 bodies', () => {
    const notAuthorized = parseJson(fixtureText('not-authorized.json'), errorResponseSchema);
    expect(notAuthorized.status).toBe('NOT_AUTHORIZED');
    expect(notAuthorized.message).toMatch(/^You are not entitled to this data/);
    const rateLimited = parseJson(fixtureText('rate-limited.json'), errorResponseSchema);
    expect(rateLimited.error).toMatch(/exceeded the maximum requests per minute/);
  });
});
