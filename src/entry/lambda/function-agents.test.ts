import { describe, expect, it } from 'vitest';
import { charter } from '../../agents/charter/index.ts';
import { ConfigError } from '../../errors.ts';
import { agentsOfFunction } from './function-agents.ts';

describe('the agents of a function', () => {
  it('are the bundled ones; asking another agent to run is a wiring fault naming both', async () => {
    const agents = agentsOfFunction('charter', { charter });
    expect(agents.charter).toBe(charter);
    expect(agents.reporter.name).toBe('reporter');
    const run = agents.reporter.run(
      // The absent agent refuses before looking at its input.
      undefined as never,
      undefined as never,
    );
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(
      /^ALEX_AGENT_INVOKE: the charter function does not bundle the reporter agent/,
    );
  });
});
