// What `npm start` runs (`alex start`): the demo portfolio seeded into an empty database, the
// API and the web app on loopback with a worker, and the demo analysis started and finished;
// ALEX_NO_SERVE=1 runs the terminal demo instead and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import { runAlex, startAlex } from '../helpers/worker-process.ts';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'alex-start-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const jobsSchema = z.object({
  jobs: z.array(z.object({ status: z.string(), clerk_user_id: z.string() }).loose()),
});

describe('alex start', () => {
  it('serves the app and the API with the demo analysis done, and stops on SIGTERM', async () => {
    const alex = startAlex(['start', '--port', '0'], {
      cwd: directory,
      env: { ALEX_DATA_DIR: join(directory, 'served') },
    });
    try {
      await alex.waitForOutput('the demo analysis has started', 120_000);
      expect(alex.stderr).toContain('created the demo portfolio');
      const url = /Alex is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(alex.stdout)?.[1];
      expect(url).toBeDefined();
      let status = '';
      for (let tries = 0; tries < 120 && status !== 'completed'; tries += 1) {
        const body = parseJson(await (await fetch(`${url}/api/jobs`)).text(), jobsSchema, 'jobs');
        // The analysis was created before its start was announced, so it is listed at once.
        const [demoJob] = body.jobs;
        expect(demoJob).toBeDefined();
        expect(demoJob?.clerk_user_id).toBe('local');
        status = demoJob?.status ?? '';
        if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(status).toBe('completed');
      // The web app answers at / (built by npm install's prepare) or says how to build it.
      const page = await fetch(`${url}/`);
      expect([200, 503]).toContain(page.status);
      expect(await page.text()).toMatch(/<div id="root"|npm run build:web/);
    } finally {
      const exit = await alex.stop('SIGTERM', 60_000);
      expect(exit.code).toBe(0);
    }
  }, 240_000);

  it('with ALEX_NO_SERVE=1 runs the terminal demo and exits', async () => {
    const run = await runAlex(['start'], {
      cwd: directory,
      env: { ALEX_DATA_DIR: join(directory, 'cli'), ALEX_NO_SERVE: '1' },
      timeoutMs: 180_000,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('The analysis is complete');
    expect(run.stdout).not.toContain('Alex is running at');
  }, 240_000);
});
