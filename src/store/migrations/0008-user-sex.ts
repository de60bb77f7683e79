// The sex the life table is read for (issue 16): female, male, or not stated (null), when the
// retirement projection uses a 50/50 blend of the two tables. Nullable, so existing users keep
// the sex-neutral table until they say otherwise.
export const migration = {
  name: '0008-user-sex',
  sql: `
ALTER TABLE users ADD COLUMN sex text CHECK (sex IN ('female', 'male'));
`,
};
