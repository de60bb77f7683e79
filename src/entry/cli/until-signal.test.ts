import { describe, expect, it } from 'vitest';
import { untilSignal } from './until-signal.ts';

describe('untilSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'resolves on %s and removes both of its listeners',
    async (signal) => {
      const before = {
        SIGINT: process.listenerCount('SIGINT'),
        SIGTERM: process.listenerCount('SIGTERM'),
      };
      let stopped = false;
      const waiting = untilSignal().then(() => {
        stopped = true;
      });
      expect(process.listenerCount('SIGINT')).toBe(before.SIGINT + 1);
      expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM + 1);
      await Promise.resolve();
      expect(stopped).toBe(false);

      process.emit(signal);
      await waiting;
      expect(stopped).toBe(true);
      expect(process.listenerCount('SIGINT')).toBe(before.SIGINT);
      expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM);
    },
  );
});
