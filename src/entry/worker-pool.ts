// A small pool of warm worker threads for CPU-bound work in long-running processes (`alex
// worker`, `alex serve`): a task runs on another thread, so the event loop stays free for
// heartbeats, progress and requests. One task per thread at a time; extra tasks wait in order.
// A thread that dies (an uncaught error, process.exit, running out of memory) fails the task it
// was running with an error that says so, and a new thread takes its place.
import { parentPort, Worker } from 'node:worker_threads';

/** A request sent to a thread; `id` pairs the reply with it. */
interface TaskMessage {
  id: number;
  request: unknown;
}

/** A thread's answer. Errors cross as name and message: class and fields do not survive. */
type ReplyMessage =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

export interface WorkerPool<Request, Response> {
  /** Threads in the pool (a dead one is replaced, so the count stays). */
  readonly size: number;
  /**
   * Runs one task on a free thread (waiting for one when all are busy). Rejects with the
   * task's own error, or when its thread dies while running it, or when the pool is closed.
   */
  run(request: Request): Promise<Response>;
  /** Stops every thread; running and waiting tasks are rejected. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Names the pool in errors, e.g. "retirement projection". */
  name: string;
  /** The thread's module; it calls serveTasks. */
  script: URL;
  /** Threads to keep running. */
  size: number;
}

interface Task {
  id: number;
  request: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  task: Task | null;
  dead: boolean;
  /** Its module loaded and it serves tasks. */
  ready: boolean;
}

export function createWorkerPool<Request, Response>(
  options: WorkerPoolOptions,
): WorkerPool<Request, Response> {
  const { name, script, size } = options;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`the ${name} pool needs a whole number of threads >= 1, got ${size}`);
  }
  const threads: Thread[] = [];
  const waiting: Task[] = [];
  let nextId = 1;
  let closed = false;
  // A thread that dies before it is ready (its module fails to load) would die again if
  // replaced: the pool stops instead, and every task is rejected with this error.
  let broken: Error | null = null;

  const start = (): Thread => {
    const thread: Thread = { worker: new Worker(script), task: null, dead: false, ready: false };
    // An idle thread must not keep the process alive; a busy one must (see dispatch).
    thread.worker.unref();
    thread.worker.on('message', (reply: ReplyMessage) => {
      if ('ready' in reply) {
        thread.ready = true;
        return;
      }
      const task = thread.task;
      if (!task || task.id !== reply.id) return;
      thread.task = null;
      thread.worker.unref();
      if (reply.ok) task.resolve(reply.value);
      else task.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      dispatch();
    });
    thread.worker.on('error', (error: Error) => {
      lost(thread, `failed with an uncaught error (${error.message})`, error);
    });
    thread.worker.on('exit', (code) => lost(thread, `exited with code ${code}`));
    return thread;
  };

  /** A thread died: fail its task, and unless the pool is closing, start another. */
  const lost = (thread: Thread, how: string, cause?: Error) => {
    if (thread.dead) return;
    thread.dead = true;
    threads.splice(threads.indexOf(thread), 1);
    const task = thread.task;
    thread.task = null;
    if (!thread.ready && !closed) {
      broken = new Error(`the ${name} worker thread could not start: it ${how}`, { cause });
      task?.reject(broken);
      void close(broken);
      return;
    }
    task?.reject(
      new Error(
        `the ${name} worker thread ${how} while running a task; the task did not finish` +
          (closed ? '' : ', and a new thread replaces the one that died'),
        cause ? { cause } : undefined,
      ),
    );
    if (closed) return;
    threads.push(start());
    dispatch();
  };

  const close = async (reason: Error | null) => {
    closed = true;
    for (const task of waiting.splice(0)) {
      task.reject(reason ?? new Error(`the ${name} pool closed before the task started`));
    }
    await Promise.all(
      [...threads].map(async (thread) => {
        const task = thread.task;
        thread.task = null;
        thread.dead = true;
        task?.reject(reason ?? new Error(`the ${name} pool closed while the task was running`));
        await thread.worker.terminate();
      }),
    );
    threads.length = 0;
  };

  const dispatch = () => {
    for (const thread of threads) {
      if (thread.task || thread.dead) continue;
      const task = waiting.shift();
      if (!task) return;
      thread.task = task;
      thread.worker.ref();
      try {
        thread.worker.postMessage({ id: task.id, request: task.request } satisfies TaskMessage);
      } catch (error) {
        // The request cannot be copied to another thread (a function, a class with state).
        thread.task = null;
        thread.worker.unref();
        task.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };

  for (let index = 0; index < size; index++) threads.push(start());

  return {
    size,
    run(request) {
      if (broken) return Promise.reject(broken);
      if (closed) return Promise.reject(new Error(`the ${name} pool is closed`));
      return new Promise<Response>((resolve, reject) => {
        const task: Task = {
          id: nextId++,
          request,
          resolve: (value) => resolve(value as Response),
          reject,
        };
        waiting.push(task);
        dispatch();
      });
    },
    close: () => close(null),
  };
}

/**
 * The thread side: answers each task with `handle`'s result or error. Call once, at the top
 * of the thread's module.
 */
export function serveTasks<Request, Response>(
  handle: (request: Request) => Response | Promise<Response>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs only inside a worker thread');
  const answer = async ({ id, request }: TaskMessage) => {
    let reply: ReplyMessage;
    try {
      reply = { id, ok: true, value: await handle(request as Request) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      reply = { id, ok: false, error: { name, message } };
    }
    try {
      port.postMessage(reply);
    } catch (error) {
      // The result cannot be copied back (a function in it, say): report that instead.
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ id, ok: false, error: { name: 'DataCloneError', message } });
    }
  };
  port.on('message', (message: TaskMessage) => void answer(message));
  port.postMessage({ ready: true } satisfies ReplyMessage);
}
