import { mintApiKey, type ApiKeyKind, type MintedApiKey } from '../domain/api-key';
import type { KeyForAuthentication } from '../domain/api-key.records';
import type { ApiKeyRepository } from '../repositories/api-key.repository';

/** Keys in memory, looked up by prefix like the real repository; counts look-ups so caching can be checked. */
export class FakeApiKeyRepository implements Pick<ApiKeyRepository, 'findForAuthentication'> {
  readonly keys = new Map<string, KeyForAuthentication>();
  lookups = 0;

  /** Mints a real key and stores it; `overrides` change the stored row (revoked, expired, disabled owner…). */
  add(kind: ApiKeyKind, overrides: Partial<KeyForAuthentication> = {}): MintedApiKey & { id: string } {
    const minted = mintApiKey(kind);
    const id = `key-${this.keys.size + 1}`;
    this.keys.set(minted.prefix, {
      id,
      kind,
      prefix: minted.prefix,
      secretHash: minted.secretHash,
      scopes: kind === 'admin' ? ['*'] : [],
      accountId: kind === 'appliance' ? 'account-1' : null,
      applianceId: kind === 'appliance' ? 'appliance-1' : null,
      revokedAt: null,
      expiresAt: null,
      accountActive: true,
      applianceActive: true,
      ...overrides,
    });
    return { ...minted, id };
  }

  async findForAuthentication(prefix: string): Promise<KeyForAuthentication | null> {
    this.lookups += 1;
    return this.keys.get(prefix) ?? null;
  }
}
