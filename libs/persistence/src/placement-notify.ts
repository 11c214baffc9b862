import type { Prisma } from '@prisma/client';
import { writeAudit, type Actor, type AuditRecord } from './audit';

/** Postgres channel on which regions/overrides/pins changes are announced to every hub replica. */
export const PLACEMENT_CHANNEL = 'landfall_placement';

/** NOTIFY inside the transaction is delivered on commit: replicas never see a change that rolled back. */
export async function announcePlacementChange(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${PLACEMENT_CHANNEL}, 'changed')`;
}

/** A write to regions, overrides or pins: its audit event and the replica announcement, in the caller's transaction. */
export async function recordPlacementChange(
  tx: Prisma.TransactionClient,
  actor: Actor,
  record: AuditRecord,
): Promise<void> {
  await writeAudit(tx, actor, record);
  await announcePlacementChange(tx);
}

/** Channel on which new latency samples (agent reports, imports) are announced: replicas rebuild their estimator. */
export const LATENCY_CHANNEL = 'landfall_latency';

export async function announceLatencyChange(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${LATENCY_CHANNEL}, 'changed')`;
}
