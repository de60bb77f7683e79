import { centsToUsd, percentOf, usdToCents } from '../money.ts';
import type { PortfolioAnalytics, PortfolioInput } from '../portfolio/types.ts';
import type { CompanyExposure, FundOverlap } from './types.ts';

export interface LookThrough {
  /** Largest first. Each is a lower bound: only funds' listed (top) holdings are known. */
  companies: CompanyExposure[];
  overlap: FundOverlap[];
  lookedThrough: Array<{
    symbol: string;
    valueCents: number;
    pct: number;
    asOf: string;
    source: string;
    coveredWeightPct: number;
  }>;
  /** Funds and other non-stock holdings with no shipped holdings: their companies are unknown. */
  notLookedThrough: Array<{ symbol: string; valueCents: number; pct: number }>;
}

/**
 * Single-company exposure across direct shares and funds' published holdings, as a share of the
 * whole portfolio (cash included): a fund position worth V holding a company at weight w adds
 * V × w / 100. Companies are matched by ticker when the holdings file gives one, else by name.
 * A holding that is itself a fund (VNQ holds another Vanguard fund) is not a company: skipped.
 */
export function lookThrough(input: PortfolioInput, analytics: PortfolioAnalytics): LookThrough {
  const totalCents = analytics.total.valueCents;
  const valueBySymbol = new Map<string, number>();
  for (const position of analytics.positions) {
    valueBySymbol.set(
      position.symbol,
      (valueBySymbol.get(position.symbol) ?? 0) + position.valueCents,
    );
  }
  const companies = new Map<string, CompanyExposure>();
  const add = (key: string, name: string, symbol: string | null, via: string, cents: number) => {
    const company = companies.get(key) ?? { name, symbol, valueCents: 0, pct: 0, through: [] };
    // One name whichever fund is added first: ordinary case over a holdings file's capitals
    // ("Apple Inc." over IVV's "APPLE INC").
    if (isCapitals(company.name) && !isCapitals(name)) company.name = name;
    company.valueCents += cents;
    company.through.push({ via, valueCents: cents, pct: percentOf(cents, totalCents) });
    companies.set(key, company);
  };
  const result: LookThrough = {
    companies: [],
    overlap: [],
    lookedThrough: [],
    notLookedThrough: [],
  };
  for (const [symbol, valueCents] of valueBySymbol) {
    const instrument = input.instruments[symbol];
    if (!instrument) continue;
    const pct = percentOf(valueCents, totalCents);
    if (instrument.instrumentType === 'stock') {
      add(symbol, instrument.name, symbol, 'direct', valueCents);
    } else if (instrument.holdings) {
      for (const holding of instrument.holdings.holdings) {
        if (holding.kind !== 'company') continue;
        const cents = usdToCents(centsToUsd(valueCents) * (holding.weightPct / 100));
        add(holding.symbol ?? holding.name, holding.name, holding.symbol, symbol, cents);
      }
      result.lookedThrough.push({
        symbol,
        valueCents,
        pct,
        asOf: instrument.holdings.asOf,
        source: instrument.holdings.source,
        coveredWeightPct: roundHundredths(
          instrument.holdings.holdings.reduce((sum, holding) => sum + holding.weightPct, 0),
        ),
      });
    } else {
      result.notLookedThrough.push({ symbol, valueCents, pct });
    }
  }
  result.companies = [...companies.values()]
    .map((company) => ({
      ...company,
      pct: percentOf(company.valueCents, totalCents),
      through: company.through.sort((left, right) => right.valueCents - left.valueCents),
    }))
    .sort(
      (left, right) => right.valueCents - left.valueCents || left.name.localeCompare(right.name),
    );
  result.overlap = overlapOf(
    input,
    result.lookedThrough.map((fund) => fund.symbol),
  );
  result.notLookedThrough.sort((left, right) => right.valueCents - left.valueCents);
  return result;
}

/**
 * For each pair of looked-through funds, the weight they share: Σ over companies listed in both of
 * the smaller weight. Only listed holdings count, so this too is a lower bound.
 */
function overlapOf(input: PortfolioInput, symbols: string[]): FundOverlap[] {
  const weights = (symbol: string) =>
    new Map(
      (input.instruments[symbol]?.holdings?.holdings ?? [])
        .filter((holding) => holding.kind === 'company')
        .map((holding) => [holding.symbol ?? holding.name, holding] as const),
    );
  const overlaps: FundOverlap[] = [];
  const sorted = [...symbols].sort();
  for (let first = 0; first < sorted.length; first++) {
    for (let second = first + 1; second < sorted.length; second++) {
      const left = weights(sorted[first]!);
      const right = weights(sorted[second]!);
      let shared = 0;
      const names: string[] = [];
      for (const [key, holding] of left) {
        const other = right.get(key);
        if (!other) continue;
        shared += Math.min(holding.weightPct, other.weightPct);
        names.push(holding.name);
      }
      if (names.length > 0) {
        overlaps.push({
          funds: [sorted[first]!, sorted[second]!],
          sharedWeightPct: roundHundredths(shared),
          companies: names,
        });
      }
    }
  }
  return overlaps.sort((left, right) => right.sharedWeightPct - left.sharedWeightPct);
}

function roundHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

/** "APPLE INC": how holdings files print names (iShares), not how a report should. */
function isCapitals(name: string): boolean {
  return /[A-Z]/.test(name) && name === name.toUpperCase();
}
