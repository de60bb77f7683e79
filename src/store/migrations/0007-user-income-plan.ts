// Income and expenses beside the portfolio (issue 16): Social Security, pensions, other income
// and expenses, with a spouse's birth year when a stream is the spouse's. One JSONB document
// read back through incomePlanSchema (contracts/income-streams.ts); empty for existing users.
// The default is built with jsonb_build_object, not a JSON literal: on AWS this statement goes
// through the RDS Data API, which reads `:name` as a named parameter, so '{"a":null}' would
// ask for a parameter called `null`.
export const migration = {
  name: '0007-user-income-plan',
  sql: `
ALTER TABLE users ADD COLUMN income_plan jsonb NOT NULL DEFAULT jsonb_build_object('spouse_birth_year', NULL, 'streams', '[]'::jsonb);
`,
};
