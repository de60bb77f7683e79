import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Kysely table types (the Database interface). Numeric columns come back from Postgres as
// decimal strings; repositories convert them at the boundary.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Numeric = ColumnType<string, string | number, string | number>;
type NullableNumeric = ColumnType<
  string | null,
  string | number | null | undefined,
  string | number | null
>;
/** JSONB: written as a JSON string (portable across PGlite, pg and the Data API), read as a value. */
type Json = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export interface UsersTable {
  id: Generated<string>;
  display_name: string;
  /** The id the API's auth mode knows the user by (migration 0006); null for CLI-made users. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  birth_year: number | null;
  years_until_retirement: Generated<number>;
  target_retirement_income: Numeric;
  annual_contribution: Numeric;
  asset_class_targets: Json;
  region_targets: Json;
  /** Income and expenses beside the portfolio (migration 0007), incomePlanSchema. */
  income_plan: ColumnType<unknown, string | undefined, string>;
  /** The life table's sex (migration 0008): 'female', 'male' or null, not stated. */
  sex: ColumnType<string | null, string | null | undefined, string | null>;
  /** The user's X-ray rule thresholds (migration 0010), xrayThresholdsSchema. */
  xray_thresholds: ColumnType<unknown, string | undefined, string>;
  /** Filing status, withdrawal order, tax-deferred rate (migration 0009), taxPlanSchema. */
  tax_plan: ColumnType<unknown, string | undefined, string>;
  /** The age the plan runs to (migration 0011), 1-120; null: the life table's 10% age. */
  plan_to_age: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InstrumentsTable {
  symbol: string;
  name: string;
  instrument_type: string | null;
  allocation_asset_class: Json;
  allocation_regions: Json;
  allocation_sectors: Json;
  expense_ratio_pct: NullableNumeric;
  current_price: NullableNumeric;
  price_source: string | null;
  price_as_of: NullableTimestamp;
  classification_source: string | null;
  classification_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  purpose: string | null;
  account_type: 'taxable' | 'tax_deferred' | 'tax_free';
  cash_balance: Numeric;
  cash_interest_pct: Numeric;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PositionsTable {
  id: Generated<string>;
  account_id: string;
  symbol: string;
  quantity: Numeric;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobsTable {
  id: Generated<string>;
  user_id: string;
  job_type: Generated<string>;
  status: Generated<'pending' | 'running' | 'completed' | 'partial' | 'failed'>;
  request: Json;
  snapshot: NullableJson;
  report_payload: NullableJson;
  charts_payload: NullableJson;
  retirement_payload: NullableJson;
  summary_payload: NullableJson;
  error: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  deadline_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface AgentRunsTable {
  id: Generated<string>;
  job_id: string;
  agent: string;
  attempt: number;
  status: 'running' | 'succeeded' | 'failed';
  model: string | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  duration_ms: number | null;
  // bigint: pg returns it as a decimal string, PGlite as a number.
  input_tokens: ColumnType<string | number, number | undefined, number>;
  output_tokens: ColumnType<string | number, number | undefined, number>;
  cost_usd: ColumnType<string, string | number | undefined, string | number>;
  error: string | null;
}

export interface JobSpendTable {
  job_id: string;
  input_tokens: ColumnType<string | number, number, number>;
  output_tokens: ColumnType<string | number, number, number>;
  cost_usd: ColumnType<string, number, number>;
  priced: boolean;
  updated_at: Timestamp;
}

export interface MarketDailyClosesTable {
  trading_date: ColumnType<string, string, string>;
  symbol: string;
  close_usd: Numeric;
  source: string;
  fetched_at: Timestamp;
}

export interface KnowledgeDocumentsTable {
  id: Generated<string>;
  origin: string;
  title: string;
  source: string;
  /** A date column; repositories read it as `published::text` (YYYY-MM-DD) on every driver. */
  published: ColumnType<string | null, string | null | undefined, string | null>;
  /** text[]; written through `string_to_array`, since the RDS Data API takes no array parameters. */
  tags: ColumnType<string[], never, never>;
  content_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KnowledgeChunksTable {
  id: Generated<string>;
  document_id: string;
  ordinal: number;
  heading: string | null;
  text: string;
  content_hash: string;
  /** Generated tsvector of heading and text; never written. */
  search: ColumnType<string, never, never>;
  created_at: Timestamp;
}

export interface MigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  instruments: InstrumentsTable;
  accounts: AccountsTable;
  positions: PositionsTable;
  jobs: JobsTable;
  agent_runs: AgentRunsTable;
  job_spend: JobSpendTable;
  market_daily_closes: MarketDailyClosesTable;
  knowledge_documents: KnowledgeDocumentsTable;
  knowledge_chunks: KnowledgeChunksTable;
  alex_migrations: MigrationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type InstrumentRow = Selectable<InstrumentsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type PositionRow = Selectable<PositionsTable>;
export type JobRow = Selectable<JobsTable>;
export type AgentRunRow = Selectable<AgentRunsTable>;
export type NewInstrument = Insertable<InstrumentsTable>;
export type JobUpdate = Updateable<JobsTable>;
