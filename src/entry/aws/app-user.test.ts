import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.ts';
import { Secret, redactSecrets } from '../../secret.ts';
import { grantStatements, roleStatement, validateApplicationUser } from './app-user.ts';

const PASSWORD = 'Zq8w1Lr5Tn3Vb7Xc9Md2Kf4Hg6Js0Pa';

describe('the application user’s grants', () => {
  it('grant DML on the app tables, only SELECT on the migrations, USAGE on sequences, and no CREATE', () => {
    expect(
      grantStatements('alex_app', {
        database: 'alex',
        schema: 'public',
        tables: ['accounts', 'alex_migrations', 'jobs'],
      }),
    ).toEqual([
      'GRANT CONNECT ON DATABASE "alex" TO "alex_app"',
      'REVOKE CREATE ON SCHEMA "public" FROM PUBLIC',
      'REVOKE CREATE ON SCHEMA "public" FROM "alex_app"',
      'GRANT USAGE ON SCHEMA "public" TO "alex_app"',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "public"."accounts", "public"."jobs" TO "alex_app"',
      'REVOKE ALL ON TABLE "public"."alex_migrations" FROM "alex_app"',
      'GRANT SELECT ON TABLE "public"."alex_migrations" TO "alex_app"',
      'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "public" TO "alex_app"',
    ]);
  });

  it('never grants CREATE, ALTER, DROP, TRUNCATE or ALL', () => {
    const statements = grantStatements('alex_app', {
      database: 'alex',
      schema: 'public',
      tables: ['users', 'alex_migrations'],
    });
    for (const statement of statements.filter((text) => text.startsWith('GRANT'))) {
      expect(statement).not.toMatch(/\b(CREATE|ALTER|DROP|TRUNCATE|ALL PRIVILEGES|TEMP)\b/);
    }
  });

  it('creates a login role without superuser rights, or resets the password of an existing one', () => {
    const user = { username: 'alex_app', password: new Secret("it's-a-long-password") };
    expect(roleStatement(user, false)).toBe(
      `CREATE ROLE "alex_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'it''s-a-long-password'`,
    );
    expect(roleStatement(user, true)).toMatch(/^ALTER ROLE "alex_app" WITH LOGIN /);
  });

  it('refuses a user name that is not a plain identifier, and a short password, without quoting it', () => {
    expect(() =>
      validateApplicationUser({
        username: 'app"; DROP TABLE jobs; --',
        password: new Secret(PASSWORD),
      }),
    ).toThrow(ConfigError);
    const error = (() => {
      try {
        validateApplicationUser({ username: 'alex_app', password: new Secret('short') });
      } catch (thrown) {
        return thrown as Error;
      }
      return undefined;
    })();
    expect(error?.message).toBe(
      'aurora_app_secret: the password must have at least 16 characters and no control characters (`alex aws migrate` generates 32)',
    );
    // A Secret registers its value, so any text that echoes it is redacted.
    expect(redactSecrets(`password ${PASSWORD}`)).toBe('password [redacted]');
  });
});
