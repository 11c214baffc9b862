import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { DomainError } from '@landfall/common';
import { FAILED_AUTH_LIMITER, type CallContext, type FailedAuthLimiter } from '@landfall/identity';
import {
  deriveSubkey,
  formatTklbamKey,
  parseTklbamKey,
  tklbamSecretMatches,
  type TklbamKey,
} from '../domain/api-key';
import { tklbamErrors } from '../domain/errors';
import type { TklbamCaller, TklbamKeyRow } from '../domain/tklbam';
import { TklbamKeysRepository } from '../repositories/tklbam-keys.repository';
import { tklbamEvent } from './tklbam-audit';

const MAX_HEADER = 64;

/**
 * TKLBAM authentication, done here because the agent's credentials are not Landfall keys: `subkey/` trades the API
 * key for its subkey, every other call presents the subkey in a `subkey` header. Failures count against the caller's
 * address in the hub's failed-authentication limiter, as native key failures do (a valid key is never refused). Revocation and a disabled account
 * are only disclosed to whoever holds a matching secret.
 */
@Injectable()
export class TklbamAuthService {
  constructor(
    private readonly keys: TklbamKeysRepository,
    @Inject(FAILED_AUTH_LIMITER) private readonly limiter: FailedAuthLimiter,
    private readonly audit: AuditLog,
  ) {}

  /** `GET subkey/?apikey=…` (tklbam-init): the subkey for a valid API key. */
  async link(apikey: string | undefined, call: CallContext): Promise<{ subkey: string }> {
    const { subkey, caller } = await this.subkeyFor(apikey, call.sourceIp);
    await this.audit.record(
      tklbamEvent(caller, call, {
        action: 'tklbam.subkey',
        targetType: 'account',
        targetId: caller.accountId,
      }),
    );
    return { subkey };
  }

  private async subkeyFor(apikey: string | undefined, address: string) {
    return this.guarded(address, async () => {
      if (apikey === undefined || apikey === '') throw tklbamErrors.missingArgument('apikey');
      const key = parseTklbamKey(apikey.trim());
      if (!key) throw tklbamErrors.invalidApiKey();
      const row = this.matching(await this.keys.findByUid(key.uid), key, 'secretHash');
      if (!row) throw tklbamErrors.invalidApiKey();
      return { subkey: formatTklbamKey(deriveSubkey(key)), caller: this.admit(row) };
    });
  }

  /** Every other call: the caller behind the `subkey` header. */
  async authenticate(header: string | string[] | undefined, address: string): Promise<TklbamCaller> {
    return this.guarded(address, async () => {
      const value = Array.isArray(header) ? header[0] : header;
      if (value === undefined || value.trim() === '') throw tklbamErrors.missingHeader('subkey');
      const subkey = value.length <= MAX_HEADER ? parseTklbamKey(value.trim()) : null;
      if (!subkey) throw tklbamErrors.malformedSubkey();
      const rows = await this.keys.findByUid(subkey.uid);
      if (rows.length === 0) throw tklbamErrors.accountNotFound();
      const row = this.matching(rows, subkey, 'subkeyHash');
      if (!row) throw tklbamErrors.invalidSubkey();
      return this.admit(row);
    });
  }

  private admit(row: TklbamKeyRow): TklbamCaller {
    if (row.revokedAt) throw tklbamErrors.forbidden();
    if (!row.accountActive) throw tklbamErrors.notSubscribed();
    return { keyId: row.id, uid: row.uid, accountId: row.accountId };
  }

  /** Compares against every key of the uid, so the time taken does not say which one matched. */
  private matching(rows: TklbamKeyRow[], presented: TklbamKey, field: 'secretHash' | 'subkeyHash') {
    let found: TklbamKeyRow | null = null;
    for (const row of rows) if (tklbamSecretMatches(presented.secret, row[field]) && !found) found = row;
    return found;
  }

  /** The hub's limiter rules: a valid key or subkey always gets in; failures past the limit get 429. */
  private guarded<T>(address: string, work: () => Promise<T>): Promise<T> {
    return this.limiter.attempt(address, work, {
      isFailure: (error) => error instanceof DomainError && isAuthFailure(error.code),
      refused: (wait) =>
        new DomainError(
          'rate_limited',
          'Request.RateLimited',
          `Too many failed authentication attempts from this address; retry in ${wait} s`,
          { retryAfterSeconds: wait },
        ),
    });
  }
}

const AUTH_FAILURES = new Set([
  'Request.MissingHeader',
  'HubAccount.InvalidApiKey',
  'BackupAccount.MalformedSubKey',
  'BackupAccount.InvalidSubKey',
  'BackupAccount.NotFound',
]);

function isAuthFailure(code: string): boolean {
  return AUTH_FAILURES.has(code);
}
