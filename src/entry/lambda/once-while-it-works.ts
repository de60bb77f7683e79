// Its own module so that the API function, which runs no job, can use it without importing
// container.ts and with it the job runtime, the model registry and the AI SDK (issue 13: they
// were about 20 ms of the API function's cold import).

/**
 * `start` run on the first call and its result reused by every later call, unless it failed:
 * then the next call runs it again (a container's cold start, whatever the function builds).
 */
export function onceWhileItWorks<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    started ??= start().catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    return started;
  };
}
