// A local stand-in for the Aurora RDS Data API on 127.0.0.1, speaking its REST-JSON protocol
// (POST /Execute, /BeginTransaction, /CommitTransaction, /RollbackTransaction) so the real
// `@aws-sdk/client-rds-data` can be pointed at it (AWS_ENDPOINT_URL_RDS_DATA), and running
// every statement on a real PostgreSQL. What it keeps of the real service, because the Data API
// dialect depends on it:
// - named `:name` placeholders with typed Field values; a string is sent as varchar unless a
//   typeHint (UUID, JSON, DECIMAL, DATE, TIME, TIMESTAMP) says otherwise, so a missing hint
//   fails here as it does on Aurora;
// - one statement per call (the extended protocol refuses two);
// - records as typed Fields with columnMetadata (typeName), numbers as longValue/doubleValue,
//   numeric, timestamps (UTC, no zone) and everything else as stringValue;
// - numberOfRecordsUpdated: the row count of INSERT/UPDATE/DELETE, 0 for a SELECT;
// - statements without a transactionId autocommit; a transaction id names one session until
//   commit or rollback;
// - failures as typed errors (BadRequestException with the database's message); and an
//   auto-paused cluster: the first `resumingFor` calls answer DatabaseResumingException;
// - the documented size limits of a result (Aurora User Guide, "Amazon RDS Data API
//   limitations" and "Troubleshooting"): 64 KB per row returned by the database ("Packet for
//   query is too large") and 1 MiB per response ("Database response exceeded size limit"),
//   both refused as BadRequestException. A row is measured as the UTF-8 bytes of its values,
//   the response as the bytes of the JSON body sent, which is at least what the service counts;
//   and a request body over 4 MiB is refused (RDS Data API reference, BatchExecuteStatement).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';

export interface FakeDataApiOptions {
  /** The PostgreSQL the statements run on. */
  connectionString: string;
  /** Every session's search_path (a test's own schema). */
  schema: string;
  /** How many calls answer DatabaseResumingException before the cluster is "up". */
  resumingFor?: number;
}

export interface FakeDataApi {
  endpoint: string;
  /** Every call: its path, for Execute the SQL, and the bytes of a response sent. */
  calls: Array<{ path: string; sql?: string; responseBytes?: number }>;
  close(): Promise<void>;
}

const fieldSchema = z
  .object({
    isNull: z.boolean().optional(),
    booleanValue: z.boolean().optional(),
    longValue: z.number().optional(),
    doubleValue: z.number().optional(),
    stringValue: z.string().optional(),
  })
  .strict();
const executeSchema = z.object({
  resourceArn: z.string().min(1),
  secretArn: z.string().min(1),
  database: z.string().optional(),
  sql: z.string().min(1),
  parameters: z
    .array(
      z.object({
        name: z.string(),
        value: fieldSchema,
        typeHint: z.enum(['UUID', 'JSON', 'DECIMAL', 'DATE', 'TIME', 'TIMESTAMP']).optional(),
      }),
    )
    .optional(),
  transactionId: z.string().optional(),
  includeResultMetadata: z.boolean().optional(),
  formatRecordsAs: z.enum(['NONE', 'JSON']).optional(),
});
const transactionSchema = z.object({
  resourceArn: z.string().min(1),
  secretArn: z.string().min(1),
  transactionId: z.string().min(1),
});
const beginSchema = z.object({
  resourceArn: z.string().min(1),
  secretArn: z.string().min(1),
  database: z.string().optional(),
});

class DataApiFault extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

type Field = z.infer<typeof fieldSchema>;

/** The Data API's limits on what one ExecuteStatement returns. */
export const DATA_API_MAX_ROW_BYTES = 64 * 1024;
export const DATA_API_MAX_RESPONSE_BYTES = 1024 * 1024;
export const DATA_API_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

function rowBytes(row: Record<string, string | null>): number {
  let bytes = 0;
  for (const value of Object.values(row)) {
    if (value !== null) bytes += Buffer.byteLength(value, 'utf8');
  }
  return bytes;
}

export async function startFakeDataApi(options: FakeDataApiOptions): Promise<FakeDataApi> {
  // Raw text for every column, as the Data API formats values itself.
  const rawText = { getTypeParser: () => (value: string) => value };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    options: `-c search_path=${options.schema} -c TimeZone=UTC`,
    types: rawText,
    max: 4,
  });
  pool.on('error', () => undefined);
  const typeNames = new Map<number, string>();
  for (const row of (
    await pool.query<{ oid: string; typname: string }>('SELECT oid, typname FROM pg_type')
  ).rows) {
    typeNames.set(Number(row.oid), row.typname);
  }
  const transactions = new Map<string, pg.PoolClient>();
  const calls: FakeDataApi['calls'] = [];
  let resumingLeft = options.resumingFor ?? 0;

  async function execute(body: unknown) {
    const request = executeSchema.parse(body);
    if (request.formatRecordsAs === 'JSON')
      throw new Error('fake: formatRecordsAs JSON is not served');
    const { text, values } = toPositional(request.sql, request.parameters ?? []);
    const session = request.transactionId ? transactions.get(request.transactionId) : pool;
    if (!session)
      throw new DataApiFault(
        'BadRequestException',
        `Transaction ${request.transactionId} is not found`,
      );
    let result: pg.QueryResult;
    try {
      result = await session.query({ text, values, queryMode: 'extended' } as pg.QueryConfig);
    } catch (error) {
      throw new DataApiFault(
        'BadRequestException',
        `ERROR: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const fields = result.fields;
    for (const row of result.rows as Array<Record<string, string | null>>) {
      if (rowBytes(row) > DATA_API_MAX_ROW_BYTES)
        throw new DataApiFault('BadRequestException', 'Packet for query is too large');
    }
    const records = result.rows.map((row: Record<string, string | null>) =>
      fields.map((field) =>
        toField(row[field.name] ?? null, typeNames.get(field.dataTypeID) ?? 'unknown'),
      ),
    );
    return {
      numberOfRecordsUpdated: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0),
      ...(fields.length > 0 ? { records } : {}),
      ...(request.includeResultMetadata && fields.length > 0
        ? {
            columnMetadata: fields.map((field) => ({
              name: field.name,
              label: field.name,
              typeName: typeNames.get(field.dataTypeID) ?? 'unknown',
            })),
          }
        : {}),
    };
  }

  async function begin(body: unknown) {
    beginSchema.parse(body);
    const client = await pool.connect();
    await client.query('BEGIN');
    const transactionId = randomUUID();
    transactions.set(transactionId, client);
    return { transactionId };
  }

  async function end(body: unknown, statement: 'COMMIT' | 'ROLLBACK') {
    const { transactionId } = transactionSchema.parse(body);
    const client = transactions.get(transactionId);
    if (!client)
      throw new DataApiFault('NotFoundException', `Transaction ${transactionId} is not found`);
    transactions.delete(transactionId);
    try {
      await client.query(statement);
    } finally {
      client.release();
    }
    return {
      transactionStatus: statement === 'COMMIT' ? 'Transaction Committed' : 'Rollback Complete',
    };
  }

  const routes: Record<string, (body: unknown) => Promise<unknown>> = {
    '/Execute': execute,
    '/BeginTransaction': begin,
    '/CommitTransaction': (body) => end(body, 'COMMIT'),
    '/RollbackTransaction': (body) => end(body, 'ROLLBACK'),
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const call: FakeDataApi['calls'][number] = { path };
      calls.push(call);
      const route = request.method === 'POST' ? routes[path] : undefined;
      const answer = async () => {
        if (!route) throw new DataApiFault('BadRequestException', `no route ${path}`);
        if (resumingLeft > 0) {
          resumingLeft -= 1;
          throw new DataApiFault(
            'DatabaseResumingException',
            'The Aurora DB instance db-FAKE is resuming after being auto-paused. Please wait a few seconds and try again.',
          );
        }
        const received = Buffer.concat(chunks);
        if (received.byteLength > DATA_API_MAX_REQUEST_BYTES)
          throw new DataApiFault('BadRequestException', 'Request size exceeded the 4 MiB limit');
        const body = parseJson(received.toString('utf8'), z.unknown(), 'request');
        const sqlText = executeSchema.shape.sql.safeParse((body as { sql?: unknown }).sql);
        if (sqlText.success) call.sql = sqlText.data;
        return route(body);
      };
      answer().then(
        (body) => {
          const text = JSON.stringify(body);
          call.responseBytes = Buffer.byteLength(text, 'utf8');
          if (call.responseBytes > DATA_API_MAX_RESPONSE_BYTES) {
            send(
              response,
              400,
              { message: 'Database response exceeded size limit' },
              'BadRequestException',
            );
            return;
          }
          send(response, 200, body);
        },
        (error: unknown) => {
          const fault =
            error instanceof DataApiFault
              ? error
              : new DataApiFault('InternalServerErrorException', String(error));
          send(
            response,
            fault.type === 'InternalServerErrorException' ? 500 : 400,
            { message: fault.message },
            fault.type,
          );
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    async close() {
      for (const client of transactions.values()) client.release(true);
      transactions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

/** `:name` placeholders to `$n`, each cast to the type the Data API would send. */
function toPositional(
  sqlText: string,
  parameters: Array<{ name: string; value: Field; typeHint?: string | undefined }>,
): { text: string; values: unknown[] } {
  const byName = new Map(parameters.map((parameter) => [parameter.name, parameter]));
  const values: unknown[] = [];
  const positions = new Map<string, number>();
  const text = sqlText.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (placeholder, name: string) => {
    const parameter = byName.get(name);
    if (!parameter)
      throw new DataApiFault(
        'BadRequestException',
        `No value specified for parameter ${placeholder}`,
      );
    let position = positions.get(name);
    if (position === undefined) {
      values.push(valueOf(parameter.value));
      position = values.length;
      positions.set(name, position);
    }
    return `$${position}${castFor(parameter.value, parameter.typeHint)}`;
  });
  return { text, values };
}

function valueOf(field: Field): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return String(field.longValue);
  if (field.doubleValue !== undefined) return String(field.doubleValue);
  if (field.booleanValue !== undefined) return field.booleanValue;
  throw new DataApiFault('BadRequestException', 'a parameter has no value');
}

const HINT_CASTS: Record<string, string> = {
  UUID: '::uuid',
  JSON: '::json',
  DECIMAL: '::numeric',
  DATE: '::date',
  TIME: '::time',
  TIMESTAMP: '::timestamp',
};

function castFor(field: Field, typeHint: string | undefined): string {
  if (field.isNull) return '';
  if (typeHint) return HINT_CASTS[typeHint] ?? '';
  if (field.stringValue !== undefined) return '::varchar';
  if (field.longValue !== undefined) return '::int8';
  if (field.doubleValue !== undefined) return '::float8';
  if (field.booleanValue !== undefined) return '::bool';
  return '';
}

function toField(text: string | null, typeName: string): Record<string, unknown> {
  if (text === null) return { isNull: true };
  switch (typeName) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return { longValue: Number(text) };
    case 'float4':
    case 'float8':
      return { doubleValue: Number(text) };
    case 'bool':
      return { booleanValue: text === 't' };
    case 'timestamptz':
      return { stringValue: text.replace(/[+-]\d{2}(:\d{2})?$/, '') };
    default:
      if (typeName.startsWith('_'))
        throw new DataApiFault('UnsupportedResultException', `fake: array column of ${typeName}`);
      return { stringValue: text };
  }
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(JSON.stringify(body));
}
