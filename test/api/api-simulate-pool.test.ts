// POST /api/simulate on the server's warm projection threads gives, byte for byte, the answer
// the event loop gives for the same seed, and a bad body is still refused on the event loop
// with the field named (an error crossing from a thread keeps only its message).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import { createApiApp } from '../../src/entry/http/app.ts';
import type { SimulationRunner } from '../../src/entry/http/simulate-request.ts';
import {
  createPooledRetirementProjector,
  type PooledRetirementProjector,
} from '../../src/entry/retirement-projector.ts';
import { silentLogger } from '../../src/log.ts';
import { namedCallers } from './helpers/api-server.ts';

let directory: string;
let services: Services;
let projector: PooledRetirementProjector;
let pooledRuns = 0;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'alex-simulate-pool-'));
  services = await createServices(
    loadConfig({ ALEX_DATA_DIR: join(directory, 'data'), ALEX_LOG_LEVEL: 'silent' }),
  );
  projector = createPooledRetirementProjector(1);
}, 120_000);
afterAll(async () => {
  await projector.close();
  await services.close();
  rmSync(directory, { recursive: true, force: true });
});

function apiApp(runSimulation?: SimulationRunner) {
  return createApiApp({
    repositories: services.repositories,
    queue: { send: () => Promise.resolve() },
    authenticator: namedCallers(),
    config: services.config.api,
    logger: silentLogger(),
    ...(runSimulation ? { runSimulation } : {}),
  });
}

const asAlice = (body?: unknown): RequestInit => ({
  method: 'POST',
  headers: { authorization: 'Bearer user:alice', 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe('POST /api/simulate on the projection threads', () => {
  let onEventLoop: ReturnType<typeof apiApp>;
  let onThreads: ReturnType<typeof apiApp>;
  beforeAll(() => {
    onEventLoop = apiApp();
    onThreads = apiApp((request) => {
      pooledRuns += 1;
      return projector.simulate(request);
    });
  });

  it('answers exactly what the event loop answers for the same seed', async () => {
    expect((await onEventLoop.request('/api/populate-test-data', asAlice())).status).toBe(200);
    const overrides = { seed: 11, simulations: 10_000, spending: 45_000, retirement_years: 30 };
    const inline = await onEventLoop.request('/api/simulate', asAlice(overrides));
    const pooled = await onThreads.request('/api/simulate', asAlice(overrides));
    expect(inline.status).toBe(200);
    expect(pooled.status).toBe(200);
    const inlineText = await inline.text();
    expect(await pooled.text()).toBe(inlineText);
    expect(inlineText).toContain('"seed":11');
    expect(pooledRuns).toBe(1);
  });

  it('refuses a bad body before anything goes to a thread, naming the field', async () => {
    const response = await onThreads.request(
      '/api/simulate',
      asAlice({ spending: 45_000, withdrawal_rate: 0.04 }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.text()).toContain('spending');
    expect(pooledRuns).toBe(1);
  });
});
