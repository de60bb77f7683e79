// Fails any test that prints to the console: output belongs to the CLI's own writers and to
// pino, and stray prints usually mean an error went unnoticed.
import { afterEach, beforeEach, expect, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let spies: { mock: { calls: unknown[][] }; mockRestore(): void }[] = [];

beforeEach(() => {
  spies = methods.map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
});

afterEach(() => {
  const printed = spies.flatMap((spy) =>
    spy.mock.calls.map((call) => call.map((part) => String(part)).join(' ')),
  );
  for (const spy of spies) spy.mockRestore();
  expect(printed, 'tests must not print to the console').toEqual([]);
});
