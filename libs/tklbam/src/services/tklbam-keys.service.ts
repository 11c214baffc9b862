import { Inject, Injectable } from '@nestjs/common';
import { AuditLog, type AuditActorType } from '@landfall/audit';
import { CLOCK, DomainError, listRequest, toPage, type Clock } from '@landfall/common';
import {
  deriveSubkey,
  formatTklbamKey,
  hashTklbamSecret,
  mintTklbamKey,
  type TklbamKey,
} from '../domain/api-key';
import type { TklbamKeyRow } from '../domain/tklbam';
import {
  TKLBAM_KEY_SORT,
  TklbamKeyDto,
  type ListTklbamKeysQuery,
  type TklbamKeyPageDto,
} from '../dto/tklbam-admin.dto';
import { TklbamKeysRepository } from '../repositories/tklbam-keys.repository';

/** Who asks for a key operation, for the audit trail (an admin key prefix, or the CLI's operator). */
export interface TklbamKeyActor {
  type: AuditActorType;
  id: string;
  sourceIp?: string;
  requestId?: string;
}

export interface IssuedTklbamKey {
  key: TklbamKeyRow;
  /** The TKLBAM API-KEY to paste into `tklbam-init`: shown once, never stored. */
  apiKey: string;
}

/**
 * Issues and revokes TKLBAM-format API keys for an account. The library entry point for the admin API and the CLI.
 */
@Injectable()
export class TklbamKeysService {
  constructor(
    private readonly keys: TklbamKeysRepository,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(accountId: string, label: string, actor: TklbamKeyActor): Promise<IssuedTklbamKey> {
    if (!(await this.keys.accountExists(accountId))) {
      throw new DomainError('not_found', 'ACCOUNT.NOT_FOUND', 'No such account');
    }
    let minted: TklbamKey | undefined;
    const key = await this.keys.issue(accountId, label, (uid) => {
      minted = mintTklbamKey(uid);
      return {
        secretHash: hashTklbamSecret(minted.secret),
        subkeyHash: hashTklbamSecret(deriveSubkey(minted).secret),
      };
    });
    await this.audit.record({
      actor: actor,
      action: 'tklbam.key.issue',
      targetType: 'tklbam-key',
      targetId: key.id,
      after: { accountId, uid: key.uid, label },
    });
    return { key, apiKey: formatTklbamKey(minted!) };
  }

  async list(accountId: string, query: ListTklbamKeysQuery): Promise<TklbamKeyPageDto> {
    const request = listRequest(TKLBAM_KEY_SORT, query);
    if (!(await this.keys.accountExists(accountId))) {
      throw new DomainError('not_found', 'ACCOUNT.NOT_FOUND', 'No such account');
    }
    const { rows, total } = await this.keys.listPage(accountId, request);
    return toPage(rows, request, TklbamKeyDto.from, total);
  }

  /** Agents linked with the key (they hold its subkey) get `HubAccount.Forbidden` from then on. */
  async revoke(id: string, actor: TklbamKeyActor): Promise<TklbamKeyRow> {
    const before = await this.keys.findById(id);
    if (!before) throw new DomainError('not_found', 'TKLBAM.KEY_NOT_FOUND', 'No such TKLBAM key');
    const after = await this.keys.revoke(id, new Date(this.clock.now()));
    await this.audit.record({
      actor: actor,
      action: 'tklbam.key.revoke',
      targetType: 'tklbam-key',
      targetId: id,
      before: { revokedAt: before.revokedAt?.toISOString() ?? null },
      after: { revokedAt: after?.revokedAt?.toISOString() ?? null, accountId: before.accountId },
    });
    return after!;
  }
}
