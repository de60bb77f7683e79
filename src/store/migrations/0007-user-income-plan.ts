// Income and expenses beside the portfolio (issue 16): Social Security, pensions, other income
// and expenses, with a spouse's birth year when a stream is the spouse's. One JSONB document
// read back through incomePlanSchema (contracts/income-streams.ts); empty for existing users.
export const migration = {
  name: '0007-user-income-plan',
  sql: `
ALTER TABLE users ADD COLUMN income_plan jsonb NOT NULL DEFAULT '{"spouse_birth_year":null,"streams":[]}'::jsonb;
`,
};
