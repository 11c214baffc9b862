import { DomainError } from '@landfall/common';

/**
 * The errors TKLBAM agents act on. The code is the agent's error name (hub.py `API.request`, registry.py
 * `_update_profile`, cmd_backup.py) and the status is the one its hub documents (hub.py docstring); on the wire they
 * become `Name:Description` (see wire-error.ts).
 */
export const tklbamErrors = {
  missingHeader: (name: string) =>
    new DomainError('invalid', 'Request.MissingHeader', `Missing required header: ${name}`),
  missingArgument: (name: string) =>
    new DomainError('invalid', 'Request.MissingArgument', `Missing required argument: ${name}`),
  invalidArgument: (name: string, why: string) =>
    new DomainError('invalid', 'Request.InvalidArgument', `Invalid argument ${name}: ${why}`),
  invalidApiKey: () => new DomainError('invalid', 'HubAccount.InvalidApiKey', 'Invalid API-KEY'),
  forbidden: () =>
    new DomainError('unauthenticated', 'HubAccount.Forbidden', 'This API-KEY has been revoked'),
  malformedSubkey: () =>
    new DomainError('unauthenticated', 'BackupAccount.MalformedSubKey', 'Malformed subkey'),
  invalidSubkey: () => new DomainError('invalid', 'BackupAccount.InvalidSubKey', 'Invalid subkey'),
  accountNotFound: () =>
    new DomainError('not_found', 'BackupAccount.NotFound', 'No backup account for this subkey'),
  notSubscribed: () =>
    new DomainError(
      'unauthenticated',
      'BackupAccount.NotSubscribed',
      'Backups are not enabled for this account (it is disabled)',
    ),
  recordNotFound: (id: string) =>
    new DomainError('not_found', 'BackupRecord.NotFound', `No such backup record: ${id}`),
  limitExceeded: (max: number) =>
    new DomainError(
      'unauthenticated',
      'BackupRecord.LimitExceeded',
      `This account has reached its limit of ${max} backup records`,
    ),
  /** The agent reports it as an error and tries again on its next run; the record moves meanwhile. */
  recordMigrating: (id: string, retryAfterSeconds: number) =>
    new DomainError(
      'conflict',
      'BackupRecord.Migrating',
      `Backup record ${id} is being moved to another region; retry later`,
      { retryAfterSeconds },
    ),
  archiveNotFound: (turnkeyVersion: string) =>
    new DomainError(
      'not_found',
      'BackupArchive.NotFound',
      `Backup profile archive not found: ${turnkeyVersion}`,
    ),
};
