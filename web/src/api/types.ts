// Shapes of the API's answers: the API's own contract types (src/contracts/api.ts, imported as
// types only, so no server code reaches the bundle). Numbers are numbers on this API; the
// original front end's numeric strings are still read through `toNumber` in format.ts.
import type {
  ApiAccount,
  ApiInstrument,
  ApiJob,
  ApiJobListItem,
  ApiPosition,
  ApiUnreadableJob,
  ApiUser,
  SimulateRequest,
  SimulateResponse,
} from '../../../src/contracts/api.ts';

export type {
  Chart,
  ChartsPayload,
  ReportPayload,
  RetirementPayload,
  SummaryPayload,
} from '../../../src/contracts/index.ts';
export type { JobEvent, PortfolioAnalyticsResponse } from '../../../src/contracts/api.ts';
export type { XrayResponse } from '../../../src/contracts/xray.ts';

export type NumberLike = number | string | null;
export type User = ApiUser;
export type Account = ApiAccount;
export type Instrument = ApiInstrument;
export type Position = ApiPosition;
export type Job = ApiJob;
/** A job as GET /api/jobs lists it: no payloads; GET /api/jobs/{id} has those. */
export type JobListItem = ApiJobListItem;
/** A job row that no longer reads under the payload contracts (GET /api/jobs lists it as such). */
export type UnreadableJob = ApiUnreadableJob;
export type SimulationRequest = SimulateRequest;

/** POST /api/simulate answers what `alex simulate --json` prints, and portfolio_defaults. */
export type SimulationResult = SimulateResponse;
