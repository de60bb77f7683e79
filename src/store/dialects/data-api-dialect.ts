import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type ColumnMetadata,
  type Field,
  RDSDataClient,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { setTimeout as sleepFor } from 'node:timers/promises';

// Kysely over the Aurora RDS Data API (HTTPS, no connection pool; what the seed's Lambdas use).
// The Data API takes named parameters (:p1) with explicit types, and returns typed fields with
// column metadata, so this dialect converts both ways. Postgres cannot infer uuid, jsonb,
// numeric or timestamp from a Data API string parameter, hence the type hints below.

/** The RDS Data client for the region (the environment's when not given). */
export function createRdsDataClient(region: string | undefined): RDSDataClient {
  return new RDSDataClient(region ? { region } : {});
}

export interface DataApiOptions {
  client: Pick<RDSDataClient, 'send'>;
  resourceArn: string;
  secretArn: string;
  database: string;
  /** Waits between attempts while the cluster resumes; tests replace it so they do not wait. */
  sleep?: (delayMs: number) => Promise<void>;
}

// An Aurora Serverless v2 cluster that auto-paused answers DatabaseResumingException (and, while
// its writer comes up, DatabaseUnavailableException) until it has resumed, which AWS puts at
// about 15 s and which can take longer; neither the SDK nor Kysely retries these. The statement
// did not run, so it is safe to send again. The very first statement of a cold start may also
// time out while the cluster wakes: that one is retried too (it is migrate()'s first read, and
// a cold start that gave up there would fail the whole invocation). Waits double from 1 s up to
// 10 s apiece, for RESUME_BUDGET_MS in all; the Lambda time budgets leave room for it.
export const RESUME_BUDGET_MS = 60_000;
const RESUME_FIRST_WAIT_MS = 1_000;
const RESUME_MAX_WAIT_MS = 10_000;
const RESUMING_ERRORS = new Set(['DatabaseResumingException', 'DatabaseUnavailableException']);
const FIRST_STATEMENT_ERRORS = new Set(['StatementTimeoutException']);

export class DataApiDialect implements Dialect {
  readonly #options: DataApiOptions;
  constructor(options: DataApiOptions) {
    this.#options = options;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new DataApiDriver(this.#options);
  }
  createQueryCompiler() {
    return new DataApiQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class DataApiQueryCompiler extends PostgresQueryCompiler {
  protected override getCurrentParameterPlaceholder(): string {
    return `:p${this.numParameters}`;
  }
}

class DataApiDriver implements Driver {
  readonly #options: DataApiOptions;
  readonly #send: SendWithResume;
  constructor(options: DataApiOptions) {
    this.#options = options;
    this.#send = createSendWithResume(options);
  }
  async init(): Promise<void> {}
  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new DataApiConnection(this.#options, this.#send));
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as DataApiConnection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as DataApiConnection).commit();
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as DataApiConnection).rollback();
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

type SendWithResume = <Output>(command: () => Promise<Output>) => Promise<Output>;

/** Sends a Data API command, retrying while the cluster resumes (see RESUME_BUDGET_MS). */
function createSendWithResume(options: DataApiOptions): SendWithResume {
  const sleep = options.sleep ?? ((delayMs: number) => sleepFor(delayMs));
  let answered = false;
  return async (command) => {
    let waitedMs = 0;
    for (let wait = RESUME_FIRST_WAIT_MS; ; wait = Math.min(wait * 2, RESUME_MAX_WAIT_MS)) {
      try {
        const output = await command();
        answered = true;
        return output;
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        const retryable =
          RESUMING_ERRORS.has(name) || (!answered && FIRST_STATEMENT_ERRORS.has(name));
        const delayMs = Math.min(wait, RESUME_BUDGET_MS - waitedMs);
        if (!retryable || delayMs <= 0) throw error;
        await sleep(delayMs);
        waitedMs += delayMs;
      }
    }
  };
}

class DataApiConnection implements DatabaseConnection {
  readonly #options: DataApiOptions;
  readonly #send: SendWithResume;
  #transactionId: string | undefined;
  constructor(options: DataApiOptions, send: SendWithResume) {
    this.#options = options;
    this.#send = send;
  }

  async begin(): Promise<void> {
    const { client, resourceArn, secretArn, database } = this.#options;
    const result = await this.#send(() =>
      client.send(new BeginTransactionCommand({ resourceArn, secretArn, database })),
    );
    this.#transactionId = result.transactionId;
  }

  async commit(): Promise<void> {
    const { client, resourceArn, secretArn } = this.#options;
    await client.send(
      new CommitTransactionCommand({ resourceArn, secretArn, transactionId: this.#transactionId }),
    );
    this.#transactionId = undefined;
  }

  async rollback(): Promise<void> {
    const { client, resourceArn, secretArn } = this.#options;
    await client.send(
      new RollbackTransactionCommand({
        resourceArn,
        secretArn,
        transactionId: this.#transactionId,
      }),
    );
    this.#transactionId = undefined;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { client, resourceArn, secretArn, database } = this.#options;
    const command = new ExecuteStatementCommand({
      resourceArn,
      secretArn,
      database,
      sql: compiledQuery.sql,
      parameters: compiledQuery.parameters.map((value, index) =>
        toSqlParameter(`p${index + 1}`, value),
      ),
      includeResultMetadata: true,
      ...(this.#transactionId ? { transactionId: this.#transactionId } : {}),
    });
    const result = await this.#send(() => client.send(command));
    const columns = result.columnMetadata ?? [];
    const rows = (result.records ?? []).map((record) => toRow(record, columns)) as R[];
    return {
      rows,
      ...(result.numberOfRecordsUpdated !== undefined && columns.length === 0
        ? { numAffectedRows: BigInt(result.numberOfRecordsUpdated) }
        : { numAffectedRows: BigInt(rows.length) }),
    };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The RDS Data API does not stream results');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Numbers reach the dialect as strings only for numeric columns (quantities, cash, prices as
// exact decimals), whole ones included ("10"): without the hint the Data API sends varchar,
// which Postgres will not assign to numeric.
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function toSqlParameter(name: string, value: unknown): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  if (value instanceof Date)
    return { name, value: { stringValue: dataApiTimestamp(value) }, typeHint: 'TIMESTAMP' };
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'bigint') return { name, value: { longValue: Number(value) } };
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { name, value: { longValue: value } }
      : { name, value: { doubleValue: value } };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (UUID.test(text)) return { name, value: { stringValue: text }, typeHint: 'UUID' };
  if (DECIMAL.test(text)) return { name, value: { stringValue: text }, typeHint: 'DECIMAL' };
  if (DATE.test(text)) return { name, value: { stringValue: text }, typeHint: 'DATE' };
  if (TIMESTAMP.test(text)) {
    return {
      name,
      value: { stringValue: dataApiTimestamp(new Date(text)) },
      typeHint: 'TIMESTAMP',
    };
  }
  if (text.startsWith('{') || text.startsWith('['))
    return { name, value: { stringValue: text }, typeHint: 'JSON' };
  return { name, value: { stringValue: text } };
}

/** The Data API's TIMESTAMP hint wants `YYYY-MM-DD HH:MM:SS[.FFF]` in UTC. */
function dataApiTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function toRow(record: Field[], columns: ColumnMetadata[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  record.forEach((field, index) => {
    const column = columns[index];
    row[column?.label ?? column?.name ?? `column${index}`] = fromField(field, column?.typeName);
  });
  return row;
}

function fromField(field: Field, typeName: string | undefined): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) {
    // timestamptz arrives as "2025-01-02 10:00:00.123" in UTC, without a zone.
    if (typeName === 'timestamptz' || typeName === 'timestamp')
      return new Date(`${field.stringValue.replace(' ', 'T')}Z`);
    return field.stringValue;
  }
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  return null;
}
