import type { Prisma } from '@prisma/client';

/** Postgres channel on which regions/overrides/pins changes are announced to every hub replica. */
export const PLACEMENT_CHANNEL = 'landfall_placement';

/** NOTIFY inside the transaction is delivered on commit: replicas never see a change that rolled back. */
export async function announcePlacementChange(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${PLACEMENT_CHANNEL}, 'changed')`;
}

/** Channel on which new latency samples (agent reports, imports) are announced: replicas rebuild their estimator. */
export const LATENCY_CHANNEL = 'landfall_latency';

export async function announceLatencyChange(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${LATENCY_CHANNEL}, 'changed')`;
}
