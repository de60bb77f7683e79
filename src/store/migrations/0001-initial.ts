// The core schema (DESIGN.md "Data model"). Money is numeric with cents; allocations are
// JSONB percent maps; every timestamp is timestamptz. Statements end with ";" at line end.
export const migration = {
  name: '0001-initial',
  sql: `
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  birth_year integer CHECK (birth_year BETWEEN 1900 AND 2100),
  years_until_retirement integer NOT NULL DEFAULT 0 CHECK (years_until_retirement BETWEEN 0 AND 80),
  target_retirement_income numeric(14, 2) NOT NULL DEFAULT 0 CHECK (target_retirement_income >= 0),
  annual_contribution numeric(14, 2) NOT NULL DEFAULT 0 CHECK (annual_contribution >= 0),
  asset_class_targets jsonb NOT NULL DEFAULT '{}'::jsonb,
  region_targets jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE instruments (
  symbol text PRIMARY KEY,
  name text NOT NULL,
  instrument_type text,
  allocation_asset_class jsonb NOT NULL DEFAULT '{}'::jsonb,
  allocation_regions jsonb NOT NULL DEFAULT '{}'::jsonb,
  allocation_sectors jsonb NOT NULL DEFAULT '{}'::jsonb,
  expense_ratio_pct numeric(6, 3),
  current_price numeric(18, 6) CHECK (current_price > 0),
  price_source text,
  price_as_of timestamptz,
  classification_source text,
  classification_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  purpose text,
  account_type text NOT NULL CHECK (account_type IN ('taxable', 'tax_deferred', 'tax_free')),
  cash_balance numeric(14, 2) NOT NULL DEFAULT 0 CHECK (cash_balance >= 0),
  cash_interest_pct numeric(6, 3) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_user_id_idx ON accounts (user_id);

CREATE TABLE positions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  symbol text NOT NULL REFERENCES instruments (symbol),
  quantity numeric(20, 8) NOT NULL CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, symbol)
);

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  job_type text NOT NULL DEFAULT 'portfolio_analysis',
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'completed', 'partial', 'failed')),
  request jsonb NOT NULL DEFAULT '{}'::jsonb,
  snapshot jsonb,
  report_payload jsonb,
  charts_payload jsonb,
  retirement_payload jsonb,
  summary_payload jsonb,
  error text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  deadline_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_user_id_created_at_idx ON jobs (user_id, created_at DESC);
CREATE INDEX jobs_status_deadline_idx ON jobs (status, deadline_at);

CREATE TABLE agent_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  agent text NOT NULL CHECK (agent IN ('planner', 'tagger', 'reporter', 'charter', 'retirement')),
  attempt integer NOT NULL CHECK (attempt >= 1),
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  model text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  duration_ms integer,
  input_tokens integer NOT NULL DEFAULT 0,
  output_tokens integer NOT NULL DEFAULT 0,
  cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
  error text
);
CREATE INDEX agent_runs_job_id_idx ON agent_runs (job_id, started_at);

CREATE TABLE market_daily_closes (
  trading_date date NOT NULL,
  symbol text NOT NULL,
  close_usd numeric(18, 6) NOT NULL CHECK (close_usd > 0),
  source text NOT NULL,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (trading_date, symbol)
);
`,
};
