// Shapes of the API's answers: the API's own contract types (src/contracts/api.ts, imported as
// types only, so no server code reaches the bundle). Numbers are numbers on this API; the
// original front end's numeric strings are still read through `toNumber` in format.ts.
import type {
  ApiAccount,
  ApiInstrument,
  ApiJob,
  ApiPosition,
  ApiUser,
  SimulateRequest,
} from '../../../src/contracts/api.ts';

export type {
  Chart,
  ChartsPayload,
  ReportPayload,
  RetirementPayload,
  SummaryPayload,
} from '../../../src/contracts/index.ts';
export type { JobEvent, PortfolioAnalyticsResponse } from '../../../src/contracts/api.ts';

export type NumberLike = number | string | null;
export type User = ApiUser;
export type Account = ApiAccount;
export type Instrument = ApiInstrument;
export type Position = ApiPosition;
export type Job = ApiJob;
export type SimulationRequest = SimulateRequest;

/** A job row that no longer reads under the payload contracts (GET /api/jobs lists it as such). */
export interface UnreadableJob {
  id: string;
  status: string;
  unreadable: true;
  error_message: string;
  created_at: string;
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
