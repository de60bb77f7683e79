import { describe, expect, it } from 'vitest';
import { runTimeoutMs } from './run-agent.ts';
import { DEADLINE_MARGIN_MS, DEFAULT_JOB_SETTINGS, heartbeatSettings } from './settings.ts';

describe('job time budgets', () => {
  it('fit inside the job deadline even when every agent uses its whole timeout', () => {
    const settings = DEFAULT_JOB_SETTINGS;
    // The specialists run concurrently, so one specialist's attempts bound their part.
    const worstCaseMs =
      settings.taggerTimeoutMs +
      settings.plannerTimeoutMs +
      settings.specialistAttempts * settings.specialistTimeoutMs;
    expect(worstCaseMs + DEADLINE_MARGIN_MS).toBeLessThan(settings.jobDeadlineMs);
  });

  it('hand a dead worker’s job on within two minutes', () => {
    const reapEveryMs = 2 * DEFAULT_JOB_SETTINGS.heartbeatIntervalMs;
    expect(DEFAULT_JOB_SETTINGS.heartbeatTimeoutMs + reapEveryMs).toBeLessThanOrEqual(120_000);
    expect(heartbeatSettings(15)).toEqual({
      heartbeatIntervalMs: DEFAULT_JOB_SETTINGS.heartbeatIntervalMs,
      heartbeatTimeoutMs: DEFAULT_JOB_SETTINGS.heartbeatTimeoutMs,
    });
  });

  it('cut an agent run short so it ends before the job deadline', () => {
    const now = new Date('2026-11-24T12:00:00.000Z');
    const deadlineIn = (ms: number) => new Date(now.getTime() + ms).toISOString();
    expect(runTimeoutMs({ timeoutMs: 240_000, deadlineAt: deadlineIn(900_000) }, now)).toBe(
      240_000,
    );
    expect(
      runTimeoutMs({ timeoutMs: 240_000, deadlineAt: deadlineIn(DEADLINE_MARGIN_MS + 5_000) }, now),
    ).toBe(5_000);
    expect(runTimeoutMs({ timeoutMs: 240_000, deadlineAt: deadlineIn(1_000) }, now)).toBe(0);
    expect(runTimeoutMs({ timeoutMs: 240_000, deadlineAt: null }, now)).toBe(240_000);
  });
});
