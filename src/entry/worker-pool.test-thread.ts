// A thread for worker-pool.test.ts: echoes, throws, or dies on request.
import { serveTasks } from './worker-pool.ts';

export type TestTask =
  | { kind: 'echo'; value: unknown }
  | { kind: 'throw'; message: string }
  | { kind: 'exit'; code: number }
  | { kind: 'thread-id' };

serveTasks(async (task: TestTask) => {
  const { threadId } = await import('node:worker_threads');
  switch (task.kind) {
    case 'echo':
      return task.value;
    case 'throw':
      throw new RangeError(task.message);
    case 'exit':
      // Ends this thread at once, as a crash in native code or an abort would.
      process.exit(task.code);
    // falls through: process.exit does not return
    case 'thread-id':
      return threadId;
  }
});
