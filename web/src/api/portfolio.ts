// GET /api/portfolio answers the analytics the report uses. Read into what the dashboard shows,
// accepting camelCase or snake_case keys; a figure that is absent stays null (shown as unknown).

export interface Slice {
  key: string;
  pct: number;
  valueUsd: number | null;
}

export interface DriftRow {
  key: string;
  targetPct: number;
  actualPct: number;
  driftPct: number;
  rebalanceUsd: number | null;
}

export interface PortfolioView {
  totalUsd: number | null;
  cashUsd: number | null;
  investedUsd: number | null;
  accounts: Array<Slice & { name: string }>;
  allocation: { assetClass: Slice[]; region: Slice[]; sector: Slice[] };
  drift: { assetClass: DriftRow[]; region: DriftRow[] };
  unpricedSymbols: string[];
}

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(record: unknown, ...names: string[]): unknown {
  if (!isRecord(record)) return undefined;
  for (const name of names) if (record[name] !== undefined) return record[name];
  return undefined;
}

function num(value: unknown): number | null {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : null;
}

/** `{ valueUsd }`, `{ value_usd }` or a bare number. */
function money(value: unknown): number | null {
  return num(value) ?? num(field(value, 'valueUsd', 'value_usd'));
}

function slices(value: unknown): Slice[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const key = field(entry, 'key', 'name');
    const pct = num(field(entry, 'pct', 'percent'));
    if (typeof key !== 'string' || pct === null) return [];
    return [{ key, pct, valueUsd: money(field(entry, 'valueUsd', 'value_usd', 'value')) }];
  });
}

function driftRows(value: unknown): DriftRow[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const key = field(entry, 'key');
    const targetPct = num(field(entry, 'targetPct', 'target_pct'));
    const actualPct = num(field(entry, 'actualPct', 'actual_pct'));
    const driftPct = num(field(entry, 'driftPct', 'drift_pct'));
    if (typeof key !== 'string' || targetPct === null || actualPct === null || driftPct === null) {
      return [];
    }
    const rebalanceUsd = num(field(entry, 'rebalanceUsd', 'rebalance_usd'));
    return [{ key, targetPct, actualPct, driftPct, rebalanceUsd }];
  });
}

export function readPortfolio(body: unknown): PortfolioView {
  const root = field(body, 'analytics', 'portfolio') ?? body;
  const allocation = field(root, 'allocation');
  const drift = field(root, 'drift');
  const accounts = Array.isArray(field(root, 'accounts'))
    ? (field(root, 'accounts') as unknown[])
    : [];
  const unpriced = field(root, 'unpriced');
  return {
    totalUsd: money(field(root, 'total', 'total_usd', 'totalUsd')),
    cashUsd: money(field(root, 'cash', 'cash_usd', 'cashUsd')),
    investedUsd: money(field(root, 'invested', 'invested_usd', 'investedUsd')),
    accounts: accounts.flatMap((entry) => {
      const name = field(entry, 'name', 'account_name');
      const [slice] = slices([{ key: field(entry, 'key', 'id') ?? name, ...(entry as Loose) }]);
      return typeof name === 'string' && slice ? [{ ...slice, name }] : [];
    }),
    allocation: {
      assetClass: slices(field(allocation, 'assetClass', 'asset_class')),
      region: slices(field(allocation, 'region', 'regions')),
      sector: slices(field(allocation, 'sector', 'sectors')),
    },
    drift: {
      assetClass: driftRows(field(drift, 'assetClass', 'asset_class')),
      region: driftRows(field(drift, 'region', 'regions')),
    },
    unpricedSymbols: Array.isArray(unpriced)
      ? unpriced.flatMap((entry) => {
          const symbol = field(entry, 'symbol');
          return typeof symbol === 'string' ? [symbol] : [];
        })
      : [],
  };
}
