import { S3Client } from '@aws-sdk/client-s3';
import { countSdkCalls } from './sdk-metrics';

export interface S3Endpoint {
  endpoint: string;
  region: string;
}

export interface S3StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3ClientSettings {
  credentials: S3StaticCredentials;
  forcePathStyle: boolean;
  maxAttempts: number;
  /** Whole-request timeout (a slow body included). */
  requestTimeoutMs: number;
  /** Time to open the connection. */
  connectionTimeoutMs: number;
  /** Sockets per endpoint, kept alive; the SDK's default agent when absent. */
  maxSockets?: number;
}

/** The one way Landfall builds an S3 client: timeouts that fire, and checksums Ceph and s3rver understand. */
export function newS3Client(at: S3Endpoint, settings: S3ClientSettings): S3Client {
  const client = new S3Client({
    endpoint: at.endpoint,
    region: at.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    maxAttempts: settings.maxAttempts,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.connectionTimeoutMs,
      // Without this the SDK only logs a warning and waits forever on an endpoint that accepts and hangs.
      throwOnRequestTimeout: true,
      ...(settings.maxSockets === undefined
        ? {}
        : { httpAgent: { maxSockets: settings.maxSockets, keepAlive: true } }),
    },
    // Ceph and s3rver predate the SDK's default CRC32 trailers; only send checksums S3 requires (we send
    // Content-MD5 ourselves where it matters).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  countSdkCalls(client, 's3', at.region);
  return client;
}

/** One client per endpoint and region, reused: a client holds the connection pool. */
export class S3ClientPool {
  private readonly clients = new Map<string, S3Client>();

  constructor(private readonly settings: S3ClientSettings) {}

  client(at: S3Endpoint): S3Client {
    const cacheKey = `${at.endpoint}|${at.region}`;
    let client = this.clients.get(cacheKey);
    if (!client) {
      client = newS3Client(at, this.settings);
      this.clients.set(cacheKey, client);
    }
    return client;
  }

  /** A client of its own (other credentials, e.g. a write probe): the caller destroys it. */
  detached(at: S3Endpoint, credentials: S3StaticCredentials): S3Client {
    return newS3Client(at, { ...this.settings, credentials });
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
