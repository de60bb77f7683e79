import {
  BadRequestException,
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseResumingException,
  ExecuteStatementCommand,
  RDSDataClient,
  StatementTimeoutException,
} from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../tables.ts';
import { DataApiDialect, RESUME_BUDGET_MS, toSqlParameter } from './data-api-dialect.ts';

const rds = mockClient(RDSDataClient);
const target = {
  resourceArn: 'arn:aws:rds:us-east-1:1:cluster:alex',
  secretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:alex',
  database: 'alex',
};

function database(sleep?: (delayMs: number) => Promise<void>) {
  return new Kysely<Database>({
    dialect: new DataApiDialect({
      client: new RDSDataClient({ region: 'us-east-1' }),
      ...target,
      ...(sleep ? { sleep } : {}),
    }),
  });
}

/** Records the waits instead of waiting. */
function recordedSleep(): { sleep: (delayMs: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (delayMs) => {
      waits.push(delayMs);
      return Promise.resolve();
    },
  };
}

const resuming = () =>
  new DatabaseResumingException({ message: 'The cluster is resuming', $metadata: {} });
const statementTimeout = () =>
  new StatementTimeoutException({ message: 'Request timed out', $metadata: {} });

afterEach(() => {
  rds.reset();
});

describe('the RDS Data API dialect', () => {
  it('sends named, typed parameters and reads rows back by column name', async () => {
    rds.on(ExecuteStatementCommand).resolves({
      columnMetadata: [
        { name: 'id', typeName: 'uuid' },
        { name: 'cash_balance', typeName: 'numeric' },
        { name: 'created_at', typeName: 'timestamptz' },
        { name: 'account_type', typeName: 'text' },
      ],
      records: [
        [
          { stringValue: '6f1c9a52-0c6f-4b1e-9a43-5f7e8d2a1b3c' },
          { stringValue: '1500.25' },
          { stringValue: '2025-01-02 10:00:00.5' },
          { stringValue: 'taxable' },
        ],
      ],
    });
    const rows = await database()
      .selectFrom('accounts')
      .select(['id', 'cash_balance', 'created_at', 'account_type'])
      .where('user_id', '=', '0b8e4f7a-3c2d-4e1f-8a9b-7c6d5e4f3a2b')
      .where('cash_balance', '>', '10.50')
      .execute();
    expect(rows).toEqual([
      {
        id: '6f1c9a52-0c6f-4b1e-9a43-5f7e8d2a1b3c',
        cash_balance: '1500.25',
        created_at: new Date('2025-01-02T10:00:00.500Z'),
        account_type: 'taxable',
      },
    ]);
    const input = rds.commandCalls(ExecuteStatementCommand)[0]?.args[0].input;
    expect(input?.sql).toBe(
      'select "id", "cash_balance", "created_at", "account_type" from "accounts" where "user_id" = :p1 and "cash_balance" > :p2',
    );
    expect(input?.parameters).toEqual([
      {
        name: 'p1',
        value: { stringValue: '0b8e4f7a-3c2d-4e1f-8a9b-7c6d5e4f3a2b' },
        typeHint: 'UUID',
      },
      { name: 'p2', value: { stringValue: '10.50' }, typeHint: 'DECIMAL' },
    ]);
    expect(input).toMatchObject(target);
  });

  it('runs a transaction through begin, statements with its id, and commit', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-1' });
    rds.on(ExecuteStatementCommand).resolves({ numberOfRecordsUpdated: 1 });
    rds.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });
    await database()
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('jobs')
          .set({ error: 'x' })
          .where('id', '=', '6f1c9a52-0c6f-4b1e-9a43-5f7e8d2a1b3c')
          .execute();
      });
    expect(rds.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.transactionId).toBe('tx-1');
    expect(rds.commandCalls(CommitTransactionCommand)[0]?.args[0].input.transactionId).toBe('tx-1');
  });

  it('types JSON, dates, numbers, booleans and nulls for Postgres', () => {
    expect(toSqlParameter('p1', '{"equity":100}')).toEqual({
      name: 'p1',
      value: { stringValue: '{"equity":100}' },
      typeHint: 'JSON',
    });
    expect(toSqlParameter('p2', new Date('2025-01-02T03:04:05.006Z'))).toEqual({
      name: 'p2',
      value: { stringValue: '2025-01-02 03:04:05.006' },
      typeHint: 'TIMESTAMP',
    });
    expect(toSqlParameter('p3', '2025-01-02')).toEqual({
      name: 'p3',
      value: { stringValue: '2025-01-02' },
      typeHint: 'DATE',
    });
    expect(toSqlParameter('p4', 3)).toEqual({ name: 'p4', value: { longValue: 3 } });
    expect(toSqlParameter('p5', 0.25)).toEqual({ name: 'p5', value: { doubleValue: 0.25 } });
    expect(toSqlParameter('p6', true)).toEqual({ name: 'p6', value: { booleanValue: true } });
    expect(toSqlParameter('p7', null)).toEqual({ name: 'p7', value: { isNull: true } });
    expect(toSqlParameter('p8', 'VTI')).toEqual({ name: 'p8', value: { stringValue: 'VTI' } });
    // A whole number given as text is a numeric column's value (a quantity of 10 shares).
    expect(toSqlParameter('p9', '10')).toEqual({
      name: 'p9',
      value: { stringValue: '10' },
      typeHint: 'DECIMAL',
    });
  });

  describe('an auto-paused Aurora', () => {
    const countJobs = (db: Kysely<Database>) =>
      db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();

    it('sends the statement again while the cluster resumes, waiting longer each time', async () => {
      rds
        .on(ExecuteStatementCommand)
        .rejectsOnce(resuming())
        .rejectsOnce(resuming())
        .rejectsOnce(resuming())
        .resolves({
          columnMetadata: [{ name: 'n', typeName: 'int8' }],
          records: [[{ longValue: 4 }]],
        });
      const { sleep, waits } = recordedSleep();
      await expect(countJobs(database(sleep))).resolves.toEqual({ n: 4 });
      expect(waits).toEqual([1_000, 2_000, 4_000]);
      expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(4);
    });

    it('gives up with the last error once the resume budget is spent', async () => {
      rds.on(ExecuteStatementCommand).rejects(resuming());
      const { sleep, waits } = recordedSleep();
      await expect(countJobs(database(sleep))).rejects.toThrow(DatabaseResumingException);
      expect(waits.reduce((sum, wait) => sum + wait, 0)).toBe(RESUME_BUDGET_MS);
      expect(Math.max(...waits)).toBe(10_000);
    });

    it('retries a timeout of the first statement only, and other errors never', async () => {
      rds
        .on(ExecuteStatementCommand)
        .rejectsOnce(statementTimeout())
        .resolvesOnce({
          columnMetadata: [{ name: 'n', typeName: 'int8' }],
          records: [[{ longValue: 1 }]],
        })
        .rejectsOnce(statementTimeout());
      const { sleep, waits } = recordedSleep();
      const db = database(sleep);
      await expect(countJobs(db)).resolves.toEqual({ n: 1 });
      // The database has answered: a later timeout may be a statement that ran, so it stands.
      await expect(countJobs(db)).rejects.toThrow(StatementTimeoutException);
      expect(waits).toEqual([1_000]);

      rds.reset();
      rds
        .on(ExecuteStatementCommand)
        .rejects(
          new BadRequestException({ message: 'relation "jobs" does not exist', $metadata: {} }),
        );
      await expect(countJobs(database(sleep))).rejects.toThrow(BadRequestException);
      expect(waits).toEqual([1_000]);
    });

    it('retries beginning a transaction while the cluster resumes', async () => {
      rds.on(BeginTransactionCommand).rejectsOnce(resuming()).resolves({ transactionId: 'tx-2' });
      rds.on(ExecuteStatementCommand).resolves({ numberOfRecordsUpdated: 0 });
      rds.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });
      const { sleep, waits } = recordedSleep();
      await database(sleep)
        .transaction()
        .execute((trx) =>
          trx.deleteFrom('jobs').where('id', '=', '6f1c9a52-0c6f-4b1e-9a43-5f7e8d2a1b3c').execute(),
        );
      expect(waits).toEqual([1_000]);
      expect(rds.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.transactionId).toBe(
        'tx-2',
      );
    });
  });
});
