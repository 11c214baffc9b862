import { Injectable } from '@nestjs/common';
import type { ApiKey as ApiKeyRow, Prisma } from '@prisma/client';
import type { ListRequest } from '@landfall/common';
import { findListPage, PrismaService, searchWhere } from '@landfall/persistence';
import type { ApiKeyFilter, ApiKeySummary, KeyForAuthentication, NewApiKey } from './api-key.records';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The key and its owners' status in one prepared statement (Prisma's include was three): every cache miss. */
  async findForAuthentication(prefix: string): Promise<KeyForAuthentication | null> {
    const [row] = await this.prisma.prepared<{
      id: string;
      kind: KeyForAuthentication['kind'];
      prefix: string;
      secret_hash: string;
      scopes: string[];
      account_id: string | null;
      appliance_id: string | null;
      revoked_at: Date | null;
      expires_at: Date | null;
      account_active: boolean;
      appliance_active: boolean;
    }>(
      'api_keys.find_for_authentication',
      `SELECT k.id, k.kind::text AS kind, k.prefix, k.secret_hash, coalesce(k.scopes, '{}') AS scopes, k.account_id,
              k.appliance_id, k.revoked_at, k.expires_at,
              coalesce(a.status::text = 'active', true) AS account_active,
              coalesce(p.status::text = 'active', true) AS appliance_active
       FROM api_keys k
       LEFT JOIN accounts a ON a.id = k.account_id
       LEFT JOIN appliances p ON p.id = k.appliance_id
       WHERE k.prefix = $1`,
      [prefix],
    );
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      prefix: row.prefix,
      secretHash: row.secret_hash,
      scopes: row.scopes,
      accountId: row.account_id,
      applianceId: row.appliance_id,
      revokedAt: row.revoked_at,
      expiresAt: row.expires_at,
      accountActive: row.account_active,
      applianceActive: row.appliance_active,
    };
  }

  /** One statement for many keys; never moves a last-used time backwards. */
  async recordUsage(keyIds: string[], at: Date): Promise<void> {
    if (keyIds.length === 0) return;
    await this.prisma.apiKey.updateMany({
      where: { id: { in: keyIds }, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] },
      data: { lastUsedAt: at },
    });
  }

  async create(key: NewApiKey): Promise<ApiKeySummary> {
    return toSummary(await this.prisma.apiKey.create({ data: key }));
  }

  async findApplianceAccount(applianceId: string): Promise<string | null> {
    const row = await this.prisma.appliance.findUnique({
      where: { id: applianceId },
      select: { accountId: true },
    });
    return row?.accountId ?? null;
  }

  async findById(id: string): Promise<ApiKeySummary | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { id } });
    return row ? toSummary(row) : null;
  }

  /** Sets revoked_at once; revoking again keeps the first time. */
  async revoke(id: string, at: Date): Promise<ApiKeySummary | null> {
    await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.findById(id);
  }

  async listPage(
    filter: ApiKeyFilter,
    request: ListRequest,
  ): Promise<{ rows: ApiKeySummary[]; total?: number }> {
    const where: Prisma.ApiKeyWhereInput = {
      accountId: filter.accountId,
      applianceId: filter.applianceId,
      kind: filter.kind,
      revokedAt: filter.status === 'revoked' ? { not: null } : filter.status === 'active' ? null : undefined,
      ...searchWhere(request.q, ['label', 'prefix']),
    };
    const page = await findListPage(
      request,
      where,
      (args) => this.prisma.apiKey.findMany(args),
      (args) => this.prisma.apiKey.count(args),
    );
    return { rows: page.rows.map(toSummary), total: page.total };
  }
}

function toSummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    kind: row.kind,
    prefix: row.prefix,
    label: row.label,
    scopes: row.scopes,
    accountId: row.accountId,
    applianceId: row.applianceId,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
  };
}
