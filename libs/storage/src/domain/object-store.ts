/** Where a bucket lives: a region code (also its LocationConstraint) and the endpoint that serves it. */
export interface RegionEndpoint {
  region: string;
  endpoint: string;
}

export interface ProbeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
}

export type EnsureBucketOutcome = 'created' | 'existed';

/** The port domain code uses for S3. Implemented by S3ObjectStore; no SDK type crosses it. */
export interface ObjectStore {
  ensureBucket(target: RegionEndpoint, bucket: string): Promise<EnsureBucketOutcome>;
  putObject(target: RegionEndpoint, bucket: string, key: string, body: Buffer | string): Promise<void>;
  getObject(target: RegionEndpoint, bucket: string, key: string): Promise<Buffer>;
  /** Bucket hardening; each throws what the provider answers (callers decide what "unsupported" means). */
  /**
   * `full`: all four switches; `ignore-acls`: IgnorePublicAcls only. On Ceph 16 BlockPublicAcls breaks every
   * PutObject and BlockPublicPolicy refuses Landfall's own bucket policy (it counts the owner's Allow as public).
   */
  blockPublicAccess(target: RegionEndpoint, bucket: string, shape?: 'full' | 'ignore-acls'): Promise<void>;
  removePublicAccessBlock(target: RegionEndpoint, bucket: string): Promise<void>;
  enableDefaultEncryption(target: RegionEndpoint, bucket: string): Promise<void>;
  putBucketPolicy(target: RegionEndpoint, bucket: string, policy: string): Promise<void>;
  /**
   * Writes and deletes `key` with the given (agent-kind, scoped) credentials: proves the bucket is usable by agents.
   * Throws what the provider answers.
   */
  probeWrite(
    target: RegionEndpoint,
    bucket: string,
    key: string,
    credentials: ProbeCredentials,
  ): Promise<void>;
  /** Lists nothing, proves the endpoint answers signed requests with the hub's credentials. */
  ping(endpoint: string): Promise<void>;
}

export const OBJECT_STORE = Symbol('OBJECT_STORE');

/** What `measurePrefix` found: `complete` false when a bound stopped the listing (bytes then cover part only). */
export interface PrefixUsage {
  bytes: number;
  objects: number;
  complete: boolean;
}

/** Sums the objects below a prefix. Kept apart from ObjectStore: only callers that measure need it. */
export interface PrefixMeter {
  measurePrefix(
    target: RegionEndpoint,
    bucket: string,
    prefix: string,
    limits: { maxObjects: number; timeoutMs: number },
  ): Promise<PrefixUsage>;
}

export const PREFIX_METER = Symbol('PREFIX_METER');
