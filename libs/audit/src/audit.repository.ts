import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
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

  /** One INSERT for many events, in order. */
  async appendMany(events: AuditEventInput[]): Promise<void> {
    await this.prisma.auditEvent.createMany({
      data: events.map((event) => ({
        actorType: event.actorType,
        actorId: event.actorId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        before: event.before as Prisma.InputJsonValue | undefined,
        after: event.after as Prisma.InputJsonValue | undefined,
        sourceIp: event.sourceIp,
        requestId: event.requestId,
      })),
    });
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
