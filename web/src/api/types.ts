// Shapes of the API's answers (issue 14), as the app reads them. Job payloads come from the
// shared contracts (type-only). The original front end's field names are kept: numbers may
// arrive as numeric strings (`cash_balance`, `quantity`, `current_price`), so the app reads
// them through `toNumber` in format.ts.
import type {
  ChartsPayload,
  JobStatus,
  ReportPayload,
  RetirementPayload,
  SummaryPayload,
} from '../../../src/contracts/index.ts';

export type {
  Chart,
  ChartsPayload,
  ReportPayload,
  RetirementPayload,
  SummaryPayload,
} from '../../../src/contracts/index.ts';

export type NumberLike = number | string | null;

export interface User {
  id: string;
  display_name?: string | null;
  birth_year?: number | null;
  years_until_retirement?: number | null;
  target_retirement_income?: NumberLike;
  asset_class_targets?: Record<string, number> | null;
  region_targets?: Record<string, number> | null;
}

export interface Account {
  id: string;
  account_name: string;
  account_purpose?: string | null;
  account_type?: string | null;
  cash_balance: NumberLike;
  cash_interest?: NumberLike;
  created_at?: string;
}

export interface Instrument {
  symbol: string;
  name?: string | null;
  instrument_type?: string | null;
  current_price?: NumberLike;
  price_source?: string | null;
  price_as_of?: string | null;
}

export interface Position {
  id: string;
  account_id: string;
  symbol: string;
  quantity: NumberLike;
  current_price?: NumberLike;
  instrument?: Instrument | null;
}

export interface Job {
  id: string;
  status: JobStatus;
  job_type?: string;
  partial?: boolean;
  failed_agents?: string[];
  error_message?: string | null;
  created_at: string;
  started_at?: string | null;
  completed_at?: string | null;
  report_payload?: ReportPayload | null;
  charts_payload?: ChartsPayload | null;
  retirement_payload?: RetirementPayload | null;
  summary_payload?: SummaryPayload | null;
}

/** One slice of an allocation as GET /api/portfolio reports it. */
export interface AllocationSlice {
  key: string;
  pct: number;
  value_usd?: number;
  valueUsd?: number;
}

export interface SimulationPercentiles {
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
}

/** POST /api/simulate answers what `alex simulate --json` prints. */
export interface SimulationResult {
  success_probability: number;
  success_standard_error?: number | null;
  success_interval_95?: { low: number; high: number } | null;
  simulations?: number;
  percentiles_at_retirement: SimulationPercentiles;
  percentiles_at_end: SimulationPercentiles;
  sustainable_spending?: number;
  depletion_age_histogram: Array<{ age: number | null; retirement_year?: number; count: number }>;
  series: Array<
    SimulationPercentiles & { age: number | null; year_offset?: number; phase?: string }
  >;
  levers?: Array<{ lever: string; change: string; success_probability: number }>;
  income?: {
    minimum: { p10: number; p50: number; p90: number };
    by_year: Array<{ retirement_year: number; p10: number; p50: number; p90: number }>;
  };
}
