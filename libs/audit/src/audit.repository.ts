import { Injectable } from '@nestjs/common';
import { insertAuditRows, PrismaService } from '@landfall/persistence';
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

  /** One INSERT for many events, in order. */
  async appendMany(events: AuditEventInput[]): Promise<void> {
    await insertAuditRows(
      this.prisma,
      events.map((event) => auditRow(event.actor, event)),
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
