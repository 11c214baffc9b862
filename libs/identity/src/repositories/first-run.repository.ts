import { writeAudit } from '@landfall/audit';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { MintedApiKey } from '../domain/api-key';

export interface FirstRunRecords {
  adminKey: MintedApiKey;
  /** A demo account, appliance and appliance key (laptops only; never in production). */
  demo: { accountName: string; applianceName: string; applianceKey: MintedApiKey } | null;
  /**
   * Runs inside the transaction, after the "is this database fresh" check and before commit (e.g. writing the
   * admin key to its file): if it throws, nothing is created.
   */
  beforeCommit?: () => Promise<void>;
}

@Injectable()
export class FirstRunRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Creates the first admin key (and, when asked, a demo appliance), once per database. An advisory lock makes
   * two hubs starting together agree on which one does it. Returns false when the database was already set up.
   */
  async createOnce(records: FirstRunRecords): Promise<boolean> {
    return this.prisma.$transaction(
      async (tx) => {
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
        let demo: { accountId: string; applianceKeyPrefix: string } | null = null;
        if (records.demo) {
          const account = await tx.account.create({ data: { name: records.demo.accountName } });
          const appliance = await tx.appliance.create({
            data: { accountId: account.id, name: records.demo.applianceName },
          });
          await tx.apiKey.create({
            data: {
              kind: 'appliance',
              prefix: records.demo.applianceKey.prefix,
              secretHash: records.demo.applianceKey.secretHash,
              label: 'demo appliance key',
              scopes: ['agent'],
              accountId: account.id,
              applianceId: appliance.id,
            },
          });
          demo = { accountId: account.id, applianceKeyPrefix: records.demo.applianceKey.prefix };
        }
        await writeAudit(
          tx,
          { type: 'system', id: 'first-run' },
          {
            action: 'setup.first-run',
            targetType: demo ? 'account' : 'api_key',
            targetId: demo ? demo.accountId : records.adminKey.prefix,
            after: {
              adminKeyPrefix: records.adminKey.prefix,
              applianceKeyPrefix: demo?.applianceKeyPrefix ?? null,
            },
          },
        );
        await records.beforeCommit?.();
        return true;
      },
      { timeout: 30_000 },
    );
  }

  /**
   * Break-glass (`landfall admin bootstrap`): mints an admin key when none is usable (unrevoked, unexpired, scope
   * `admin`), or with `force` regardless, audited as the CLI's OS user. Under the first-run lock, so it never races
   * a starting hub. Returns the key, or how many usable admin keys made it refuse.
   */
  async mintBreakGlassAdminKey(
    minted: MintedApiKey,
    options: { label: string; osUser: string; force: boolean },
  ): Promise<{ created: { id: string; prefix: string; label: string } } | { usableKeys: number }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('landfall.first-run'))`;
      const usable = await tx.apiKey.count({
        where: {
          kind: 'admin',
          revokedAt: null,
          scopes: { has: 'admin' },
          OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
        },
      });
      if (usable > 0 && !options.force) return { usableKeys: usable };
      const created = await tx.apiKey.create({
        data: {
          kind: 'admin',
          prefix: minted.prefix,
          secretHash: minted.secretHash,
          label: options.label,
          scopes: ['admin'],
        },
      });
      await writeAudit(
        tx,
        { type: 'cli', id: options.osUser },
        {
          action: 'key.bootstrap',
          targetType: 'api_key',
          targetId: created.id,
          after: { kind: 'admin', prefix: minted.prefix, scopes: ['admin'], forced: options.force },
        },
      );
      return { created: { id: created.id, prefix: created.prefix, label: created.label } };
    });
  }
}
