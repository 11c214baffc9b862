import { adminActor } from '../auth/caller.decorators';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  CLOCK,
  CREDENTIAL_REVOKER,
  DomainError,
  listRequest,
  toPage,
  type Clock,
  type CredentialRevoker,
} from '@landfall/common';
import { AuditLog } from '@landfall/audit';
import { mintApiKey } from '../api-key';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import type { CallContext } from '../auth/caller.decorators';
import { scopesBeyond } from '../auth/admin-scopes';
import type { AdminPrincipal } from '../auth/principal';
import {
  API_KEY_SORT,
  ApiKeyDto,
  ApiKeyPageDto,
  CreatedApiKeyDto,
  CreateApiKeyDto,
  ListApiKeysQuery,
} from './dto/api-key.dto';
import { ApiKeyRepository } from './api-key.repository';

@Injectable()
export class ApiKeyAdminService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(CREDENTIAL_REVOKER) private readonly revoker?: CredentialRevoker,
  ) {}

  async list(query: ListApiKeysQuery): Promise<ApiKeyPageDto> {
    const request = listRequest(API_KEY_SORT, query);
    const { rows, total } = await this.keys.listPage(query, request);
    return toPage(rows, request, ApiKeyDto.from, total);
  }

  async create(input: CreateApiKeyDto, admin: AdminPrincipal, call: CallContext): Promise<CreatedApiKeyDto> {
    let accountId: string | null = null;
    if (input.kind === 'appliance') {
      accountId = await this.keys.findApplianceAccount(input.applianceId!);
      if (!accountId) throw new DomainError('not_found', 'APPLIANCE.NOT_FOUND', 'No such appliance');
    } else if (input.applianceId) {
      throw new DomainError(
        'invalid',
        'KEY.ADMIN_KEY_HAS_NO_APPLIANCE',
        'An admin key belongs to no appliance',
      );
    }
    if (input.expiresAt && input.expiresAt.getTime() <= this.clock.now()) {
      throw new DomainError('invalid', 'KEY.EXPIRY_IN_PAST', 'expiresAt must be in the future');
    }
    const scopes = input.kind === 'admin' ? (input.scopes ?? ['admin']) : ['agent'];
    if (input.kind === 'admin') refuseBeyondOwn(scopes, admin, 'mint');
    const minted = mintApiKey(input.kind);
    const key = await this.keys.create({
      kind: input.kind,
      prefix: minted.prefix,
      secretHash: minted.secretHash,
      label: input.label,
      scopes,
      accountId,
      applianceId: input.kind === 'appliance' ? input.applianceId! : null,
      expiresAt: input.expiresAt ?? null,
    });
    await this.audit.record({
      actor: adminActor(admin, call),
      action: 'key.create',
      targetType: 'api_key',
      targetId: key.id,
      after: { kind: key.kind, prefix: key.prefix, applianceId: key.applianceId, scopes: key.scopes },
    });
    return { key: ApiKeyDto.from(key), plaintext: minted.plaintext };
  }

  async revoke(id: string, admin: AdminPrincipal, call: CallContext): Promise<ApiKeyDto> {
    const before = await this.keys.findById(id);
    if (!before) throw new DomainError('not_found', 'KEY.NOT_FOUND', 'No such key');
    // Only a key this caller could have minted: no revoking a wider admin key (e.g. the operators' own).
    if (before.kind === 'admin') refuseBeyondOwn(before.scopes, admin, 'revoke');
    const key = (await this.keys.revoke(id, new Date(this.clock.now())))!;
    this.authenticator.forget(key.prefix);
    // What the appliance already obtained with the key stops working as well (issue 9, item 9).
    if (!before.revokedAt && key.applianceId)
      await this.revoker?.revokeAppliance(key.applianceId, 'key.revoke');
    if (!before.revokedAt) {
      await this.audit.record({
        actor: adminActor(admin, call),
        action: 'key.revoke',
        targetType: 'api_key',
        targetId: key.id,
        before: { revokedAt: null },
        after: { revokedAt: key.revokedAt?.toISOString(), prefix: key.prefix },
      });
    }
    return ApiKeyDto.from(key);
  }
}

/**
 * Least privilege: an admin key hands out (mint) or takes away (revoke) only admin keys whose scopes are within
 * its own. Appliance keys carry no admin permission and are governed by `keys:write` alone.
 */
function refuseBeyondOwn(scopes: readonly string[], admin: AdminPrincipal, action: 'mint' | 'revoke'): void {
  const beyond = scopesBeyond(scopes, admin.scopes);
  if (beyond.length === 0) return;
  throw new DomainError(
    'forbidden',
    'KEY.SCOPE_BEYOND_OWN',
    `This key may not ${action} a key with scopes it does not hold itself: ${beyond.join(', ')}`,
  );
}
