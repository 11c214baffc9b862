/**
 * Cuts off S3 credentials already handed out (implemented by libs/backups' CredentialRevocations, provided
 * globally by the hub). Identity and accounts call it on disable/revoke without depending on libs/backups.
 */
export interface CredentialRevoker {
  revokeAccount(accountId: string, reason: string): Promise<void>;
  revokeAppliance(applianceId: string, reason: string): Promise<void>;
  /** Epoch ms of the latest revocation (0: none): cached credentials issued before it must not be handed out. */
  latestRevocationAt(): Promise<number>;
}

export const CREDENTIAL_REVOKER = Symbol('CREDENTIAL_REVOKER');
