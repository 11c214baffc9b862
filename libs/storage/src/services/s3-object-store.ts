import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import type {
  EnsureBucketOutcome,
  ObjectStore,
  PrefixMeter,
  PrefixUsage,
  ProbeCredentials,
  RegionEndpoint,
} from '../domain/object-store';
import { S3ClientPool } from './s3-client-pool';

export interface S3Settings {
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  requestTimeoutMs: number;
}

/** The S3 adapter. One client per endpoint, reused (clients hold the connection pool). */
export class S3ObjectStore implements ObjectStore, PrefixMeter {
  private readonly pool: S3ClientPool;

  constructor(settings: S3Settings) {
    this.pool = new S3ClientPool({
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      forcePathStyle: settings.forcePathStyle,
      maxAttempts: 2,
      requestTimeoutMs: settings.requestTimeoutMs,
      connectionTimeoutMs: settings.requestTimeoutMs,
    });
  }

  async ensureBucket(target: RegionEndpoint, bucket: string): Promise<EnsureBucketOutcome> {
    try {
      await this.client(target).send(
        new CreateBucketCommand({
          Bucket: bucket,
          // AWS rejects an explicit us-east-1 constraint: it is the default location.
          CreateBucketConfiguration:
            target.region === 'us-east-1'
              ? undefined
              : { LocationConstraint: target.region as BucketLocationConstraint },
        }),
      );
      return 'created';
    } catch (error) {
      if ((error as { name?: string }).name === 'BucketAlreadyOwnedByYou') return 'existed';
      throw error;
    }
  }

  async putObject(target: RegionEndpoint, bucket: string, key: string, body: Buffer | string): Promise<void> {
    await this.client(target).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async getObject(target: RegionEndpoint, bucket: string, key: string): Promise<Buffer> {
    const out = await this.client(target).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async blockPublicAccess(
    target: RegionEndpoint,
    bucket: string,
    shape: 'full' | 'ignore-acls' = 'full',
  ): Promise<void> {
    await this.client(target).send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: shape === 'full',
          IgnorePublicAcls: true,
          BlockPublicPolicy: shape === 'full',
          RestrictPublicBuckets: shape === 'full',
        },
      }),
    );
  }

  async removePublicAccessBlock(target: RegionEndpoint, bucket: string): Promise<void> {
    await this.client(target).send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  }

  async probeWrite(
    target: RegionEndpoint,
    bucket: string,
    key: string,
    credentials: ProbeCredentials,
  ): Promise<void> {
    const client = this.pool.detached(target, {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken ?? undefined,
    });
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'landfall write probe' }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } finally {
      client.destroy();
    }
  }

  async enableDefaultEncryption(target: RegionEndpoint, bucket: string): Promise<void> {
    await this.client(target).send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
  }

  async putBucketPolicy(target: RegionEndpoint, bucket: string, policy: string): Promise<void> {
    await this.client(target).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  }

  /** Pages of ListObjectsV2 until the end, `maxObjects` or `timeoutMs` (the page under way is then aborted). */
  async measurePrefix(
    target: RegionEndpoint,
    bucket: string,
    prefix: string,
    limits: { maxObjects: number; timeoutMs: number },
  ): Promise<PrefixUsage> {
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let bytes = 0;
    let objects = 0;
    let token: string | undefined;
    do {
      const left = limits.maxObjects - objects;
      if (left <= 0) return { bytes, objects, complete: false };
      let page;
      try {
        page = await this.client(target).send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ContinuationToken: token,
            MaxKeys: Math.min(1000, left),
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        if (signal.aborted) return { bytes, objects, complete: false };
        throw error;
      }
      for (const object of page.Contents ?? []) {
        bytes += object.Size ?? 0;
        objects += 1;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { bytes, objects, complete: true };
  }

  async ping(endpoint: string): Promise<void> {
    await this.client({ endpoint, region: 'us-east-1' }).send(new ListBucketsCommand({ MaxBuckets: 1 }));
  }

  destroy(): void {
    this.pool.destroy();
  }

  private client(target: RegionEndpoint) {
    return this.pool.client(target);
  }
}
