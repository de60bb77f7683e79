// A worker running a job marks it alive every few seconds (`heartbeat_at`, written with the
// database's clock so workers on machines whose clocks differ agree). A running job whose
// heartbeat has gone quiet lost its worker and is handed to another long before its deadline.
// Jobs claimed before this column existed have no heartbeat; the deadline still covers them.
export const migration = {
  name: '0005-job-heartbeat',
  sql: `
ALTER TABLE jobs ADD COLUMN heartbeat_at timestamptz;
CREATE INDEX jobs_status_heartbeat_idx ON jobs (status, heartbeat_at);
`,
};
