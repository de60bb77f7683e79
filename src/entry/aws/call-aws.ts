import { UpstreamError, describeError } from '../../errors.ts';

/** Runs one AWS call; a failure becomes an UpstreamError saying what was being done. */
export async function callAws<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    throw new UpstreamError('AWS', `${what}: ${describeError(error)}`, status ? { status } : {}, {
      cause: error,
    });
  }
}
