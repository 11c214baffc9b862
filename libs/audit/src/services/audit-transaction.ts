import { announcePlacementChange, insertAuditRows, type TransactionClient } from '@landfall/persistence';
import type { Actor } from '../domain/actor';
import { assertNoSecrets, auditRow, type AuditRecord } from '../domain/audit-event';

/**
 * Writes one audit event inside the caller's transaction, so the event exists exactly when the change does.
 * The same secret check and row mapping as `AuditLog.record` (after commit); repositories call it.
 */
export async function writeAudit(tx: TransactionClient, actor: Actor, record: AuditRecord): Promise<void> {
  await writeAuditMany(tx, actor, [record]);
}

/** Many events of one actor in the caller's transaction, one INSERT; refused whole if any carries a secret. */
export async function writeAuditMany(
  tx: TransactionClient,
  actor: Actor,
  records: AuditRecord[],
): Promise<void> {
  for (const record of records) assertNoSecrets(record);
  await insertAuditRows(
    tx,
    records.map((record) => auditRow(actor, record)),
  );
}

/** A write to regions, overrides or pins: its audit event and the replica announcement, in the caller's transaction. */
export async function recordPlacementChange(
  tx: TransactionClient,
  actor: Actor,
  record: AuditRecord,
): Promise<void> {
  await writeAudit(tx, actor, record);
  await announcePlacementChange(tx);
}
