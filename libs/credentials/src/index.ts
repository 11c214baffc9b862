export { CredentialsModule } from './credentials.module';
export { roleSessionName } from './domain/role-session-name';
export type { ScopedCredentials } from './domain/scoped-credentials';
export { prefixAccessStatements, SESSION_POLICY_MAX_CHARS } from './domain/session-policy';
export { type BackupScope, CredentialsService } from './services/credentials.service';
export { StsCredentialIssuer } from './services/sts-credential-issuer';
