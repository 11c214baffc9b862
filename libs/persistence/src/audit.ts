import type { Prisma } from '@prisma/client';

export type ActorType = 'admin' | 'appliance' | 'system' | 'cli';

/** Who did something: an admin key (by prefix), an appliance, the CLI (OS user), or the system. */
export interface Actor {
  type: ActorType;
  id: string;
  sourceIp?: string;
  requestId?: string;
}

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit event inside the caller's transaction, so the event exists exactly when the change does.
 * Used by repositories only (it takes a Prisma transaction client).
 */
export async function writeAudit(
  tx: Prisma.TransactionClient,
  actor: Actor,
  record: AuditRecord,
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      before: toJson(record.before),
      after: toJson(record.after),
      sourceIp: actor.sourceIp,
      requestId: actor.requestId,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}
