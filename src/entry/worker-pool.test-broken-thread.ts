// A thread for worker-pool.test.ts whose module fails to load, as a bad deployment would.
throw new Error('this thread cannot start');
