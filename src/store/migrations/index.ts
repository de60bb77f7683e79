import { migration as initial } from './0001-initial.ts';
import { migration as knowledge } from './0002-knowledge.ts';
import { migration as knowledgeVectors } from './0003-knowledge-vectors.ts';
import { migration as jobSpend } from './0004-job-spend.ts';
import { migration as jobHeartbeat } from './0005-job-heartbeat.ts';
import { migration as userExternalId } from './0006-user-external-id.ts';
import { migration as userIncomePlan } from './0007-user-income-plan.ts';
import { migration as userSex } from './0008-user-sex.ts';
import { migration as userTaxPlan } from './0009-user-tax-plan.ts';
import { migration as userXrayThresholds } from './0010-user-xray-thresholds.ts';
import { migration as userPlanToAge } from './0011-user-plan-to-age.ts';

/** A schema change: applied once, in name order, recorded in alex_migrations. */
export interface Migration {
  name: string;
  sql: string;
  /** An extension the migration needs; when the server lacks it the migration waits (skipped, not recorded). */
  requiresExtension?: string;
}

/** Every migration, in order. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  knowledge,
  knowledgeVectors,
  jobSpend,
  jobHeartbeat,
  userExternalId,
  userIncomePlan,
  userSex,
  userTaxPlan,
  userXrayThresholds,
  userPlanToAge,
];
