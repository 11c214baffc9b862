import type { ApiKeyKind } from './api-key';

/** What authentication needs to know about a key (domain shape, not a Prisma row). */
export interface KeyForAuthentication {
  id: string;
  kind: ApiKeyKind;
  prefix: string;
  secretHash: string;
  scopes: string[];
  accountId: string | null;
  applianceId: string | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  accountActive: boolean;
  applianceActive: boolean;
}

/** A key as the admin API shows it: never the hash. */
export interface ApiKeySummary {
  id: string;
  kind: ApiKeyKind;
  prefix: string;
  label: string;
  scopes: string[];
  accountId: string | null;
  applianceId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

export interface NewApiKey {
  kind: ApiKeyKind;
  prefix: string;
  secretHash: string;
  label: string;
  scopes: string[];
  accountId: string | null;
  applianceId: string | null;
  expiresAt: Date | null;
}

export interface ApiKeyFilter {
  accountId?: string;
  applianceId?: string;
  kind?: ApiKeyKind;
  status?: 'active' | 'revoked';
}
