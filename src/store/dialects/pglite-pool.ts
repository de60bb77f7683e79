import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

// PGlite is one Postgres connection inside this process. Kysely's Postgres driver expects a
// pg-style pool, so this adapter hands out that single connection to one borrower at a time:
// a transaction holds it until it releases, and every other query waits its turn. (Code that
// queries outside its own open transaction on the embedded database would wait forever, as
// it would on a pg pool of size one.)

type Release = () => void;

export function createPgliteAsPool(pglite: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();

  function acquire(): Promise<Release> {
    let release: Release = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = tail.then(() => release);
    tail = tail.then(() => held);
    return ready;
  }

  return {
    options: {},
    async connect(): Promise<PostgresPoolClient> {
      const release = await acquire();
      let released = false;
      return {
        async query<R>(
          sql: string,
          parameters: readonly unknown[],
        ): Promise<PostgresQueryResult<R>> {
          const result = await pglite.query<R>(sql, parameters as unknown[]);
          return {
            command: commandOf(sql),
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release() {
          if (released) return;
          released = true;
          release();
        },
      } as PostgresPoolClient;
    },
    async end() {
      await tail;
    },
  };
}

/** Kysely reads the statement's command to report affected rows; PGlite does not return it. */
function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const keyword = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase();
  switch (keyword) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
      return keyword;
    default:
      return 'SELECT';
  }
}
