// The age the user's plan runs to (the profile's plan_to_age), e.g. 100: the Retirement agent and
// POST /api/simulate plan to it instead of the life table's 10% age. Nullable, so existing users
// keep the life-table default until they set one. The column checks the range only; that it lies
// after the retirement age needs the birth year and the current year, and is checked in code.
export const migration = {
  name: '0011-user-plan-to-age',
  sql: `
ALTER TABLE users ADD COLUMN plan_to_age integer CHECK (plan_to_age BETWEEN 1 AND 120);
`,
};
