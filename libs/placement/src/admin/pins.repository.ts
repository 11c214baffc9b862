import { Injectable } from '@nestjs/common';
import { type PlacementPin as PinRow } from '@prisma/client';
import { DomainError, type ListRequest } from '@landfall/common';
import { findListPage, PrismaService, isUniqueViolation, searchWhere } from '@landfall/persistence';
import { type Actor, recordPlacementChange } from '@landfall/audit';

export interface PlacementPinRecord {
  id: string;
  target: 'appliance' | 'account';
  targetId: string;
  region: string;
  reason: string;
  author: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface NewPin {
  target: 'appliance' | 'account';
  targetId: string;
  region: string;
  reason: string;
  expiresAt: Date | null;
}

/** Pins in Postgres: every write audited and announced to all replicas in the same transaction. */
@Injectable()
export class PinsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(
    filter: { accountId?: string; applianceId?: string },
    request: ListRequest,
  ): Promise<{ rows: PlacementPinRecord[]; total?: number }> {
    const { rows, total } = await findListPage(
      request,
      {
        accountId: filter.accountId,
        applianceId: filter.applianceId,
        ...searchWhere(request.q, ['account.name', 'appliance.name', 'reason']),
      },
      (args) => this.prisma.placementPin.findMany(args),
      (args) => this.prisma.placementPin.count(args),
    );
    return { rows: rows.map(toPin), total };
  }

  async targetExists(target: 'appliance' | 'account', id: string): Promise<boolean> {
    const found =
      target === 'appliance'
        ? await this.prisma.appliance.findUnique({ where: { id }, select: { id: true } })
        : await this.prisma.account.findUnique({ where: { id }, select: { id: true } });
    return found !== null;
  }

  async create(input: NewPin, actor: Actor): Promise<PlacementPinRecord> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.placementPin.create({
          data: {
            accountId: input.target === 'account' ? input.targetId : null,
            applianceId: input.target === 'appliance' ? input.targetId : null,
            regionCode: input.region,
            reason: input.reason,
            author: actor.id,
            expiresAt: input.expiresAt,
          },
        });
        const pin = toPin(row);
        await recordPlacementChange(tx, actor, {
          action: 'pin.create',
          targetType: 'placement_pin',
          targetId: row.id,
          after: pin,
        });
        return pin;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'conflict',
          'PIN.DUPLICATE',
          `That ${input.target} is already pinned; delete the pin first`,
        );
      }
      throw error;
    }
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.placementPin.findUnique({ where: { id } });
      if (!before) throw new DomainError('not_found', 'PIN.NOT_FOUND', 'No such pin');
      await tx.placementPin.delete({ where: { id } });
      await recordPlacementChange(tx, actor, {
        action: 'pin.delete',
        targetType: 'placement_pin',
        targetId: id,
        before: toPin(before),
      });
    });
  }
}

function toPin(row: PinRow): PlacementPinRecord {
  const target = row.applianceId ? 'appliance' : 'account';
  return {
    id: row.id,
    target,
    targetId: (row.applianceId ?? row.accountId)!,
    region: row.regionCode,
    reason: row.reason,
    author: row.author,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}
