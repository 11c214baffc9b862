import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { parseApiKey, secretMatches } from '../domain/api-key';
import type { KeyForAuthentication } from '../domain/api-key.records';
import { ApiKeyRepository } from '../repositories/api-key.repository';
import { authErrors } from '../domain/auth-errors';
import type { Principal } from '../domain/principal';

/**
 * Checks a presented key: shape, look-up by its visible prefix, constant-time secret comparison, then revocation,
 * expiry and owner status (only disclosed to whoever holds the secret). Key rows are cached for a few seconds so a
 * busy agent does not cost a query per request; revoking through this hub forgets the entry at once.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { key: KeyForAuthentication; until: number }>();

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(plaintext: string): Promise<Principal> {
    const parsed = parseApiKey(plaintext);
    if (!parsed) throw authErrors.invalidKey();
    const key = await this.lookUp(parsed.prefix);
    if (!key || key.kind !== parsed.kind || !secretMatches(parsed.secret, key.secretHash)) {
      throw authErrors.invalidKey();
    }
    if (key.revokedAt) throw authErrors.revokedKey();
    if (key.expiresAt && key.expiresAt.getTime() <= this.clock.now()) throw authErrors.expiredKey();
    if (!key.accountActive) throw authErrors.disabled('account');
    if (!key.applianceActive) throw authErrors.disabled('appliance');
    if (key.kind === 'admin')
      return { kind: 'admin', keyId: key.id, keyPrefix: key.prefix, scopes: key.scopes };
    return {
      kind: 'appliance',
      keyId: key.id,
      keyPrefix: key.prefix,
      applianceId: key.applianceId!,
      accountId: key.accountId!,
    };
  }

  forget(prefix: string): void {
    this.cache.delete(prefix);
  }

  /** Forgets every cached key (an account or appliance changed status). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async lookUp(prefix: string): Promise<KeyForAuthentication | null> {
    const ttlMs = this.config.auth.keyCacheSeconds * 1000;
    const now = this.clock.now();
    const hit = this.cache.get(prefix);
    if (hit && hit.until > now) return hit.key;
    const key = await this.keys.findForAuthentication(prefix);
    if (key && ttlMs > 0) {
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(prefix, { key, until: now + ttlMs });
    }
    return key;
  }
}
