import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { PrismaService } from '@landfall/persistence';
import type { AuditEventInput } from './audit-event';

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
}
