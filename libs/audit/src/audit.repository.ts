import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { AuditActorType, AuditEventInput } from './audit-event';

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
    const column = <T>(pick: (event: AuditEventInput) => T) => events.map(pick);
    const json = (value: Record<string, unknown> | undefined) =>
      value === undefined ? null : JSON.stringify(value);
    await this.prisma.prepared(
      'audit_events.append_many',
      `INSERT INTO audit_events (actor_type, actor_id, action, target_type, target_id, before, after, source_ip, request_id)
       SELECT e.actor_type::"ActorType", e.actor_id, e.action, e.target_type, e.target_id, e.before::jsonb,
              e.after::jsonb, e.source_ip, e.request_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[]) WITH ORDINALITY
            AS e(actor_type, actor_id, action, target_type, target_id, before, after, source_ip, request_id, n)
       ORDER BY e.n`,
      [
        column((e) => e.actorType),
        column((e) => e.actorId ?? null),
        column((e) => e.action),
        column((e) => e.targetType),
        column((e) => e.targetId ?? null),
        column((e) => json(e.before)),
        column((e) => json(e.after)),
        column((e) => e.sourceIp ?? null),
        column((e) => e.requestId ?? null),
      ],
    );
  }

  /** Newest first (by id: the sequence follows insertion), strictly below `belowId` when given. */
  async list(filter: AuditEventFilter, belowId: bigint | null, take: number): Promise<AuditEventRecord[]> {
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        actorType: filter.actorType,
        actorId: filter.actorId,
        action: filter.action,
        targetType: filter.targetType,
        targetId: filter.targetId,
        at: filter.since || filter.until ? { gte: filter.since, lt: filter.until } : undefined,
        id: belowId === null ? undefined : { lt: belowId },
      },
      orderBy: { id: 'desc' },
      take,
    });
    return rows.map((row) => ({ ...row, id: row.id.toString() }));
  }
}
