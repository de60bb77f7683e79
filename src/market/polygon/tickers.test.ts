import { describe, expect, it } from 'vitest';
import { epochToIso, toPolygonTicker, tradingDateOf } from './tickers.ts';

describe('toPolygonTicker', () => {
  it("writes share classes with Polygon's dot", () => {
    expect(toPolygonTicker('BRK.B')).toBe('BRK.B');
    expect(toPolygonTicker('BRK-B')).toBe('BRK.B');
    expect(toPolygonTicker('vti')).toBe('VTI');
  });
});

describe('epochToIso', () => {
  it('reads snapshot nanoseconds and aggregate milliseconds alike', () => {
    expect(epochToIso(1763998200000000000)).toBe('2025-11-24T15:30:00.000Z');
    expect(epochToIso(1763998200000)).toBe('2025-11-24T15:30:00.000Z');
  });
});

describe('tradingDateOf', () => {
  it('takes the date in New York, not UTC', () => {
    // 16:00 New York on 21 Nov 2025 is 21:00 UTC the same day.
    expect(tradingDateOf(Date.parse('2025-11-21T21:00:00Z'))).toBe('2025-11-21');
    // Midnight New York (05:00 UTC) and 23:30 New York (04:30 UTC next day) are the same date.
    expect(tradingDateOf(Date.parse('2025-11-21T05:00:00Z'))).toBe('2025-11-21');
    expect(tradingDateOf(Date.parse('2025-11-22T04:30:00Z'))).toBe('2025-11-21');
  });
});
