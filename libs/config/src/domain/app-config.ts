import path from 'node:path';
import { crossFieldProblems } from './config-rules';
import { envSchema, type Env } from './config.schema';

/** Per-connection session limits (milliseconds), set on every pooled connection of the hub and the worker. */
export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
  /** Opening a connection (waiting for a free pooled one is bounded by the statement timeout). */
  connectMs: number;
}

/** Typed, validated configuration. Built once at boot; everything else reads this, never process.env. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  http: {
    host: string;
    port: number;
    shutdownGraceMs: number;
    publicBaseUrl?: string;
    /** Origins allowed cross-origin (CORS); empty: none. */
    corsOrigins: string[];
  };
  /** `requests`: one line per request (false: none; errors are still logged where they happen). */
  log: { level: Env['LOG_LEVEL']; requests: boolean };
  database: {
    url?: string;
    poolSize: number;
    timeouts: DatabaseTimeouts;
    embedded: { dataDir: string; port: number };
  };
  geoip: { databases: string[] };
  storage: {
    mode: 'local' | 'remote';
    localPort: number;
    dataDir: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
    requestTimeoutMs: number;
    bucketPrefix: string;
  };
  regions: { seed: Env['REGION_SEED'] };
  /** Where a production first start writes the first admin key (mode 0600). */
  firstRun: { adminKeyFile: string };
  placement: {
    trustedProxies: string[];
    trustedProxyHeader: Env['TRUSTED_PROXY_HEADER'];
    cdnProxies: string[];
    disabledSignals: Env['PLACEMENT_DISABLED_SIGNALS'];
    accuracyThresholdKm: number;
    geoipReloadIntervalMs: number;
    cloudIpRangesFile?: string;
    latencyTableFile?: string;
    latencyMinSamples: number;
    indexFile?: string;
    refreshIntervalMs: number;
    probeCandidates: number;
  };
  // --- Measured placement (issue 12) ---
  latency: { maxSamplesPerReport: number; reportsPerHour: number; maxAgeDays: number };
  // --- Agent init (issue 4) ---
  auth: { failureLimit: number; failureWindowSeconds: number; keyCacheSeconds: number };
  credentials: {
    provider: 'sts' | 'static';
    roleArn?: string;
    stsEndpoint?: string;
    /** The broker identity: may only assume `roleArn` (never the bucket owner). */
    brokerAccessKeyId?: string;
    brokerSecretAccessKey?: string;
    ttlSeconds: number;
    refreshFraction: number;
  };
  buckets: {
    blockPublicAccess: boolean;
    defaultEncryption: boolean;
    requireTls: boolean;
    /** Principal of the bucket owner, granted object access by bucket policy (objects of sessions are not its own). */
    ownerArn?: string;
  };
  upstream: { retryBudgetMs: number };
  idempotency: { ttlHours: number };
  // --- TKLBAM compatibility (issue 5) ---
  tklbam: {
    maxRecordsPerAccount: number;
    /** Region code → the host TKLBAM record addresses name (no port); others use the region endpoint's host. */
    s3Hosts: Readonly<Record<string, string>>;
    /** Bounds of the listing that measures a backup's size when it ends. */
    sizeScan: { maxObjects: number; timeoutMs: number };
  };
  // --- Migrations and the worker (issue 6) ---
  migrations: {
    concurrency: number;
    partSizeBytes: number;
    copyMode: Env['MIGRATION_COPY_MODE'];
    cutoverWait: NonNullable<Env['MIGRATION_CUTOVER_WAIT']>;
    sourceGraceSeconds: number;
    leaseSeconds: number;
    maxFailures: number;
    retryDelaySeconds: number;
    estimateBytesPerSecond: number;
    retryAfterSeconds: number;
  };
  /** inProcess: the hub runs a migration worker itself (local mode); production runs worker processes. */
  /**
   * heartbeatSeconds: how often a worker records that it is alive (three missed beats: not live).
   * metricsPort: where a worker process serves /healthz and /metrics (on HOST).
   */
  worker: {
    jobs: number;
    pollIntervalSeconds: number;
    inProcess: boolean;
    heartbeatSeconds: number;
    metricsPort: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates every variable at once, so a bad deployment learns all its mistakes in one go. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = stripEmpty(source);
  const parsed = envSchema.safeParse(raw);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`)),
    ...crossFieldProblems(raw).map((issue) => `${issue.path}: ${issue.message}`),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = path.resolve(e.LANDFALL_DATA_DIR);
  const storageMode = e.STORAGE_MODE ?? (e.S3_ACCESS_KEY_ID ? 'remote' : 'local');
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
      publicBaseUrl: e.PUBLIC_BASE_URL,
      corsOrigins: e.CORS_ORIGINS,
    },
    log: { level: e.LOG_LEVEL, requests: e.LOG_REQUESTS },
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      timeouts: {
        statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
        lockMs: e.DATABASE_LOCK_TIMEOUT_MS,
        idleInTransactionMs: e.DATABASE_IDLE_TX_TIMEOUT_MS,
        connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      },
      embedded: { dataDir: path.join(dataDir, 'postgres'), port: e.EMBEDDED_PG_PORT },
    },
    geoip: { databases: e.GEOIP_DATABASES.map((p) => path.resolve(p)) },
    storage: {
      mode: storageMode,
      localPort: e.LOCAL_S3_PORT,
      dataDir: path.join(dataDir, 's3'),
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      requestTimeoutMs: e.S3_REQUEST_TIMEOUT_MS,
      bucketPrefix: e.BUCKET_PREFIX,
    },
    regions: { seed: e.REGION_SEED },
    firstRun: { adminKeyFile: path.resolve(e.FIRST_ADMIN_KEY_FILE ?? path.join(dataDir, 'first-admin-key')) },
    placement: {
      trustedProxies: e.TRUSTED_PROXIES,
      trustedProxyHeader: e.TRUSTED_PROXY_HEADER,
      cdnProxies: e.CDN_PROXIES,
      disabledSignals: e.PLACEMENT_DISABLED_SIGNALS,
      accuracyThresholdKm: e.GEOIP_ACCURACY_THRESHOLD_KM,
      geoipReloadIntervalMs: e.GEOIP_RELOAD_INTERVAL_MS,
      cloudIpRangesFile: e.CLOUD_IP_RANGES_FILE && path.resolve(e.CLOUD_IP_RANGES_FILE),
      latencyTableFile: e.LATENCY_TABLE_FILE && path.resolve(e.LATENCY_TABLE_FILE),
      latencyMinSamples: e.LATENCY_MIN_SAMPLES,
      indexFile: e.INDEX_FILE && path.resolve(e.INDEX_FILE),
      refreshIntervalMs: e.PLACEMENT_REFRESH_INTERVAL_MS,
      probeCandidates: e.PLACEMENT_PROBE_CANDIDATES,
    },
    latency: {
      maxSamplesPerReport: e.LATENCY_REPORT_MAX_SAMPLES,
      reportsPerHour: e.LATENCY_REPORTS_PER_HOUR,
      maxAgeDays: e.LATENCY_MAX_AGE_DAYS,
    },
    // --- Agent init (issue 4) ---
    auth: {
      failureLimit: e.AUTH_FAILURE_LIMIT,
      failureWindowSeconds: e.AUTH_FAILURE_WINDOW_SECONDS,
      keyCacheSeconds: e.AUTH_KEY_CACHE_SECONDS,
    },
    credentials: {
      provider: e.CREDENTIALS_PROVIDER ?? (storageMode === 'local' ? 'static' : 'sts'),
      roleArn: e.STS_ROLE_ARN,
      stsEndpoint: e.STS_ENDPOINT,
      brokerAccessKeyId: e.STS_ACCESS_KEY_ID,
      brokerSecretAccessKey: e.STS_SECRET_ACCESS_KEY,
      ttlSeconds: e.CREDENTIAL_TTL_SECONDS,
      refreshFraction: e.CREDENTIAL_REFRESH_FRACTION,
    },
    buckets: {
      blockPublicAccess: e.BUCKET_BLOCK_PUBLIC_ACCESS,
      defaultEncryption: e.BUCKET_DEFAULT_ENCRYPTION,
      requireTls: e.BUCKET_REQUIRE_TLS,
      ownerArn: e.BUCKET_OWNER_ARN,
    },
    upstream: { retryBudgetMs: e.UPSTREAM_RETRY_BUDGET_MS },
    idempotency: { ttlHours: e.IDEMPOTENCY_TTL_HOURS },
    // --- TKLBAM compatibility (issue 5) ---
    tklbam: {
      maxRecordsPerAccount: e.TKLBAM_RECORDS_PER_ACCOUNT,
      s3Hosts: e.TKLBAM_S3_HOSTS,
      sizeScan: { maxObjects: e.TKLBAM_SIZE_SCAN_MAX_OBJECTS, timeoutMs: e.TKLBAM_SIZE_SCAN_SECONDS * 1000 },
    },
    // --- Migrations and the worker (issue 6) ---
    migrations: {
      concurrency: e.MIGRATION_CONCURRENCY,
      partSizeBytes: e.MIGRATION_PART_SIZE_MB * 1024 * 1024,
      copyMode: e.MIGRATION_COPY_MODE,
      // Static keys never expire, so waiting for issued credentials to expire proves nothing: re-list instead.
      cutoverWait:
        e.MIGRATION_CUTOVER_WAIT ??
        ((e.CREDENTIALS_PROVIDER ?? (storageMode === 'local' ? 'static' : 'sts')) === 'static'
          ? 'final-relist'
          : 'credential-expiry'),
      sourceGraceSeconds: e.MIGRATION_SOURCE_GRACE_SECONDS,
      leaseSeconds: e.MIGRATION_LEASE_SECONDS,
      maxFailures: e.MIGRATION_MAX_FAILURES,
      retryDelaySeconds: e.MIGRATION_RETRY_DELAY_SECONDS,
      estimateBytesPerSecond: e.MIGRATION_ESTIMATE_MBPS * 1_000_000,
      retryAfterSeconds: e.MIGRATION_RETRY_AFTER_SECONDS,
    },
    worker: {
      jobs: e.WORKER_JOBS,
      pollIntervalSeconds: e.WORKER_POLL_INTERVAL_SECONDS,
      inProcess: e.WORKER_IN_PROCESS ?? (storageMode === 'local' && e.NODE_ENV !== 'production'),
      heartbeatSeconds: e.WORKER_HEARTBEAT_SECONDS,
      metricsPort: e.WORKER_METRICS_PORT,
    },
  };
}

/** An empty variable (`FOO=`) means "not set", as most shells and .env files intend. */
function stripEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== ''),
  );
}
