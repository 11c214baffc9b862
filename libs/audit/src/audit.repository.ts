import { Injectable } from '@nestjs/common';
import type { ListRequest } from '@landfall/common';
import { findListPage, PrismaService } from '@landfall/persistence';
import { auditRow, type AuditActorType, type AuditEventInput } from './audit-event';

export interface AuditEventFilter {
  actorType?: AuditActorType;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
}

export interface AuditEventRecord {
  id: string;
  at: Date;
  actorType: AuditActorType;
  actorId: string | null;
  actorKeyPrefix: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  sourceIp: string | null;
  requestId: string | null;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One INSERT for many events, in order (ids follow the array). A prepared statement over arrays, not Prisma's
   * createMany: every agent init writes here, and the profile (bench:http) showed Prisma compiling the query costing
   * more than running it.
   */
  async appendMany(events: AuditEventInput[]): Promise<void> {
    const rows = events.map((event) => auditRow(event.actor, event));
    const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    await this.prisma.prepared(
      'audit_events.append_many',
      `INSERT INTO audit_events (actor_type, actor_id, actor_key_prefix, action, target_type, target_id, before, after,
                                 source_ip, request_id)
       SELECT e.actor_type::"ActorType", e.actor_id, e.actor_key_prefix, e.action, e.target_type, e.target_id,
              e.before::jsonb, e.after::jsonb, e.source_ip, e.request_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[]) WITH ORDINALITY
            AS e(actor_type, actor_id, actor_key_prefix, action, target_type, target_id, before, after, source_ip,
                 request_id, n)
       ORDER BY e.n`,
      [
        column((r) => r.actorType),
        column((r) => r.actorId ?? null),
        column((r) => r.actorKeyPrefix ?? null),
        column((r) => r.action),
        column((r) => r.targetType),
        column((r) => r.targetId ?? null),
        column((r) => json(r.before)),
        column((r) => json(r.after)),
        column((r) => r.sourceIp ?? null),
        column((r) => r.requestId ?? null),
      ],
    );
  }

  /** One page of events in the order asked for (by id: the sequence follows insertion). */
  async list(
    filter: AuditEventFilter,
    request: ListRequest,
  ): Promise<{ rows: AuditEventRecord[]; total?: number }> {
    const { rows, total } = await findListPage(
      request,
      {
        actorType: filter.actorType,
        actorId: filter.actorId,
        action: filter.action,
        targetType: filter.targetType,
        targetId: filter.targetId,
        at: filter.since || filter.until ? { gte: filter.since, lt: filter.until } : undefined,
      },
      (args) => this.prisma.auditEvent.findMany(args),
      (args) => this.prisma.auditEvent.count(args),
    );
    // seal_id is the sealer's bookkeeping (a bigint), not part of the event.
    return { rows: rows.map(({ sealId: _sealId, ...row }) => ({ ...row, id: row.id.toString() })), total };
  }
}
