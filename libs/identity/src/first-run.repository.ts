import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { MintedApiKey } from './api-key';

export interface FirstRunRecords {
  adminKey: MintedApiKey;
  demoAccountName: string;
  demoApplianceName: string;
  applianceKey: MintedApiKey;
}

@Injectable()
export class FirstRunRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Creates the first admin key and a demo appliance, once per database. An advisory lock makes two hubs
   * starting together agree on which one does it. Returns false when the database was already set up.
   */
  async createOnce(records: FirstRunRecords): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('landfall.first-run'))`;
      if ((await tx.apiKey.count({ where: { kind: 'admin' } })) > 0) return false;
      await tx.apiKey.create({
        data: {
          kind: 'admin',
          prefix: records.adminKey.prefix,
          secretHash: records.adminKey.secretHash,
          label: 'first-run admin key',
          scopes: ['admin'],
        },
      });
      const account = await tx.account.create({ data: { name: records.demoAccountName } });
      const appliance = await tx.appliance.create({
        data: { accountId: account.id, name: records.demoApplianceName },
      });
      await tx.apiKey.create({
        data: {
          kind: 'appliance',
          prefix: records.applianceKey.prefix,
          secretHash: records.applianceKey.secretHash,
          label: 'demo appliance key',
          scopes: ['agent'],
          accountId: account.id,
          applianceId: appliance.id,
        },
      });
      await tx.auditEvent.create({
        data: {
          actorType: 'system',
          action: 'setup.first-run',
          targetType: 'account',
          targetId: account.id,
          after: { adminKeyPrefix: records.adminKey.prefix, applianceKeyPrefix: records.applianceKey.prefix },
        },
      });
      return true;
    });
  }
}
