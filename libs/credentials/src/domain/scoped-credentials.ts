/** Temporary credentials for one backup's prefix. */
export interface ScopedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Null only for the static (local embedded) provider, which hands out long-lived keys. */
  sessionToken: string | null;
  expiration: Date;
}

export interface CredentialRequest {
  bucket: string;
  prefix: string;
  region: string;
  /** The region's S3 endpoint (Ceph-style gateways also serve STS there). */
  s3Endpoint: string;
  sessionName: string;
  durationSeconds: number;
  /** A session policy built by the caller (e.g. a whole account's prefixes); else one for `bucket`/`prefix`. */
  sessionPolicy?: string;
}

/** The port to whatever mints credentials: STS, or the static provider in local mode. */
export interface CredentialIssuer {
  readonly kind: 'sts' | 'static';
  issue(request: CredentialRequest): Promise<ScopedCredentials>;
}

export const CREDENTIAL_ISSUER = Symbol('CREDENTIAL_ISSUER');
