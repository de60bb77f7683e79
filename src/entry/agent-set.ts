import { charter } from '../agents/charter/index.ts';
import { planner } from '../agents/planner/index.ts';
import { reporter } from '../agents/reporter/index.ts';
import { retirement } from '../agents/retirement/index.ts';
import { createTagger } from '../agents/tagger/index.ts';
import type { AgentSet } from '../jobs/index.ts';
import { loadReferenceInstruments } from '../store/reference/reference-instruments.ts';

/** The five agents a job runs, the Tagger with the shipped reference instruments. */
export function createAgentSet(): AgentSet {
  return {
    tagger: createTagger({ reference: loadReferenceInstruments() }),
    planner,
    reporter,
    charter,
    retirement,
  };
}
