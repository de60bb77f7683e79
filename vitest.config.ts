import { defineConfig } from 'vitest/config';

const CONSOLE_GUARD = 'test/helpers/console-guard.ts';

export default defineConfig({
  test: {
    allowOnly: !process.env['CI'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          setupFiles: [CONSOLE_GUARD, 'test/helpers/scripts-used.ts'],
        },
      },
      {
        // The web app's components, rendered in jsdom and driven through their real data layer
        // against a fake fetch (web/test/fake-api.ts).
        extends: true,
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          // One module graph for all the web test files (each test still gets a fresh query
          // cache, fetch stub and DOM): loading React, Recharts and jsdom once per worker
          // instead of once per file cuts the run to a third.
          isolate: false,
          setupFiles: [CONSOLE_GUARD, 'web/test/setup.ts'],
          // Room for a loaded machine (six suites on two cores); no test asserts a duration.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          setupFiles: [CONSOLE_GUARD, 'test/helpers/scripts-used.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
