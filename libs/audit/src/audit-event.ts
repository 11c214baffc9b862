export type AuditActorType = 'admin' | 'appliance' | 'system' | 'cli';

/** One row of the audit trail. `after` holds what changed or was handed out: never a secret. */
export interface AuditEventInput {
  actorType: AuditActorType;
  actorId?: string;
  action: string;
  targetType: string;
  targetId?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  sourceIp?: string;
  requestId?: string;
}
