import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    allowOnly: !process.env['CI'],
    setupFiles: ['test/helpers/console-guard.ts', 'test/helpers/scripts-used.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
