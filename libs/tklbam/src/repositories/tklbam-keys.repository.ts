import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { ListRequest } from '@landfall/common';
import { findListPage, PrismaService, searchWhere } from '@landfall/persistence';
import type { TklbamKeyRow } from '../domain/tklbam';

const MAX_UID = 2_147_483_647;
const WITH_ACCOUNT = {
  tklbamAccount: { select: { accountId: true, account: { select: { status: true } } } },
};

@Injectable()
export class TklbamKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  async accountExists(accountId: string): Promise<boolean> {
    return (await this.prisma.account.count({ where: { id: accountId } })) > 0;
  }

  /**
   * Gives the account its TKLBAM user id if it has none, then stores a key made for that id (the key's secrets are
   * derived from the uid, so `make` runs inside the transaction).
   */
  async issue(
    accountId: string,
    label: string,
    make: (uid: number) => { secretHash: string; subkeyHash: string },
  ): Promise<TklbamKeyRow> {
    const row = await this.prisma.$transaction(async (tx) => {
      const account = await tx.tklbamAccount.upsert({
        where: { accountId },
        create: { accountId },
        update: {},
      });
      return tx.tklbamApiKey.create({
        data: { uid: account.uid, label, ...make(account.uid) },
        include: WITH_ACCOUNT,
      });
    });
    return toRow(row);
  }

  /** Every key (revoked too) of a TKLBAM user id: the caller compares secrets against each in constant time. */
  async findByUid(uid: number): Promise<TklbamKeyRow[]> {
    // Keys carry 32 unsigned bits; uids are a Postgres serial, so anything above 2^31 - 1 is nobody's.
    if (uid > MAX_UID) return [];
    // Every TKLBAM call after subkey/ authenticates here: one prepared statement (Prisma's include was three).
    const rows = await this.prisma.prepared<{
      id: string;
      uid: number;
      account_id: string;
      account_active: boolean;
      secret_hash: string;
      subkey_hash: string;
      label: string;
      created_at: Date;
      revoked_at: Date | null;
    }>(
      'tklbam_api_keys.find_by_uid',
      `SELECT k.id, k.uid, t.account_id, a.status = 'active' AS account_active, k.secret_hash, k.subkey_hash,
              k.label, k.created_at, k.revoked_at
       FROM tklbam_api_keys k
       JOIN tklbam_accounts t ON t.uid = k.uid
       JOIN accounts a ON a.id = t.account_id
       WHERE k.uid = $1`,
      [uid],
    );
    return rows.map((r) => ({
      id: r.id,
      uid: r.uid,
      accountId: r.account_id,
      accountActive: r.account_active,
      secretHash: r.secret_hash,
      subkeyHash: r.subkey_hash,
      label: r.label,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  async listPage(accountId: string, request: ListRequest): Promise<{ rows: TklbamKeyRow[]; total?: number }> {
    const where: Prisma.TklbamApiKeyWhereInput = {
      tklbamAccount: { accountId },
      ...searchWhere(request.q, ['label']),
    };
    const page = await findListPage(
      request,
      where,
      (args) => this.prisma.tklbamApiKey.findMany({ ...args, include: WITH_ACCOUNT }),
      (args) => this.prisma.tklbamApiKey.count(args),
    );
    return { rows: page.rows.map(toRow), total: page.total };
  }

  async findById(id: string): Promise<TklbamKeyRow | null> {
    const row = await this.prisma.tklbamApiKey.findUnique({ where: { id }, include: WITH_ACCOUNT });
    return row ? toRow(row) : null;
  }

  async revoke(id: string, at: Date): Promise<TklbamKeyRow | null> {
    await this.prisma.tklbamApiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.findById(id);
  }
}

interface KeyWithAccount {
  id: string;
  uid: number;
  secretHash: string;
  subkeyHash: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
  tklbamAccount: { accountId: string; account: { status: string } };
}

function toRow(row: KeyWithAccount): TklbamKeyRow {
  return {
    id: row.id,
    uid: row.uid,
    accountId: row.tklbamAccount.accountId,
    accountActive: row.tklbamAccount.account.status === 'active',
    secretHash: row.secretHash,
    subkeyHash: row.subkeyHash,
    label: row.label,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
