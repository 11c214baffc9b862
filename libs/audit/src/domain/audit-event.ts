import type { Actor, ActorType } from './actor';

/** @deprecated name kept for readers of the list API: the same union as `ActorType`. */
export type AuditActorType = ActorType;

/** What happened, apart from who did it. `after` holds what changed or was handed out: never a secret. */
export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

/** One row of the audit trail, as `AuditLog.record` takes it. */
export interface AuditEventInput extends AuditRecord {
  actor: Actor;
}

const SECRET_FIELDS = /secret|sessiontoken|plaintext|password/i;

/** Refuses an event whose before/after carries anything that looks like a secret (both write paths call it). */
export function assertNoSecrets(event: AuditRecord): void {
  for (const part of [event.before, event.after]) {
    if (!part || typeof part !== 'object') continue;
    const leaked = Object.keys(part).find((k) => SECRET_FIELDS.test(k));
    if (leaked) throw new Error(`audit event ${event.action} must not carry the secret field "${leaked}"`);
  }
}

/** The row both write paths insert: one mapping from actor and record to columns. */
export function auditRow(actor: Actor, record: AuditRecord) {
  return {
    actorType: actor.type,
    actorId: actor.id,
    actorKeyPrefix: actor.keyPrefix,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    before: toJson(record.before),
    after: toJson(record.after),
    sourceIp: actor.sourceIp,
    requestId: actor.requestId,
  };
}

export type AuditRow = ReturnType<typeof auditRow>;

type Json = string | number | boolean | { [key: string]: Json } | Json[];

function toJson(value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Json;
}
