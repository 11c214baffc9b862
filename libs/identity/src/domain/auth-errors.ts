import { DomainError } from '@landfall/common';

export const authErrors = {
  missingKey: () =>
    new DomainError(
      'unauthenticated',
      'AUTH.MISSING_KEY',
      'Send an API key as "Authorization: Bearer <key>" or "X-Api-Key: <key>"',
    ),
  invalidKey: () => new DomainError('unauthenticated', 'AUTH.INVALID_KEY', 'The API key is not valid'),
  revokedKey: () => new DomainError('unauthenticated', 'AUTH.REVOKED_KEY', 'The API key has been revoked'),
  expiredKey: () => new DomainError('unauthenticated', 'AUTH.EXPIRED_KEY', 'The API key has expired'),
  disabled: (what: 'account' | 'appliance') =>
    new DomainError(
      'forbidden',
      what === 'account' ? 'AUTH.ACCOUNT_DISABLED' : 'AUTH.APPLIANCE_DISABLED',
      `The ${what} this key belongs to is disabled`,
    ),
  wrongKeyKind: (needed: 'admin' | 'appliance') =>
    new DomainError('forbidden', 'AUTH.WRONG_KEY_KIND', `This route needs an ${needed} key`),
  missingPermission: (permission: string) =>
    new DomainError('forbidden', 'AUTH.MISSING_PERMISSION', `This key lacks the "${permission}" permission`),
  notExposed: () =>
    new DomainError('forbidden', 'AUTH.ROUTE_NOT_EXPOSED', 'This route declares no access rule'),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(
      'rate_limited',
      'AUTH.RATE_LIMITED',
      'Too many failed authentication attempts from this address; retry later',
      { retryAfterSeconds },
    ),
};
