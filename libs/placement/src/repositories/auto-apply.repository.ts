import { Injectable } from '@nestjs/common';
import { type Actor, writeAudit } from '@landfall/audit';
import { PrismaService } from '@landfall/persistence';
import { DEFAULT_AUTO_APPLY_POLICY, type AutoApplyPolicy } from '../domain/auto-apply';

export interface StoredPolicy extends AutoApplyPolicy {
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The one auto-apply policy row; every change is audited in the same transaction. */
@Injectable()
export class AutoApplyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async get(): Promise<StoredPolicy> {
    const row = await this.prisma.placementAutoApplyPolicy.findUnique({ where: { id: 1 } });
    if (!row) return { ...DEFAULT_AUTO_APPLY_POLICY, updatedBy: null, updatedAt: null };
    return toPolicy(row);
  }

  async set(policy: AutoApplyPolicy, actor: Actor): Promise<StoredPolicy> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.placementAutoApplyPolicy.findUnique({ where: { id: 1 } });
      const data = { ...policy, updatedBy: `${actor.type}:${actor.id}` };
      const row = await tx.placementAutoApplyPolicy.upsert({
        where: { id: 1 },
        create: { id: 1, ...data },
        update: data,
      });
      const after = toPolicy(row);
      await writeAudit(tx, actor, {
        action: 'placement.auto-apply-policy.update',
        targetType: 'placement-auto-apply-policy',
        targetId: '1',
        before: before ? toPolicy(before) : { ...DEFAULT_AUTO_APPLY_POLICY },
        after,
      });
      return after;
    });
  }
}

function toPolicy(row: {
  enabled: boolean;
  minSavedMs: number;
  minCoverage: number;
  updatedBy: string;
  updatedAt: Date;
}): StoredPolicy {
  return {
    enabled: row.enabled,
    minSavedMs: row.minSavedMs,
    minCoverage: row.minCoverage,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}
