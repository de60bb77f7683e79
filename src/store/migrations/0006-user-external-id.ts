// A user reached through the HTTP API is known by the id its auth mode gives: "local" for the one
// local user, "token" for ALEX_AUTH=token, a JWT `sub` such as Clerk's "user_2abc…" (not a uuid)
// for ALEX_AUTH=jwt. The local user is the demo user, so `npm start` and `alex serve` on one
// machine show the same portfolio.
export const migration = {
  name: '0006-user-external-id',
  sql: `
ALTER TABLE users ADD COLUMN external_id text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 255);
UPDATE users SET external_id = 'local' WHERE id = '00000000-0000-4000-8000-00000000de70';
`,
};
