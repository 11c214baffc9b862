import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { awsErrorName, awsHttpStatus, isNotImplemented } from '../domain/aws-errors';
import { normalizeEtag } from '../domain/etag';
import {
  SourceChangedError,
  TargetChangedError,
  type BucketAt,
  type ListedObject,
  type MigrationStore,
  type ObjectHead,
  type PutCondition,
} from '../domain/migration-store';
import { S3ClientPool } from './s3-client-pool';

export interface MigrationStoreSettings {
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  requestTimeoutMs: number;
  /** Sockets per endpoint: at least the copy parallelism. */
  maxSockets?: number;
}

const PRECONDITION = new Set(['PreconditionFailed', 'NoSuchKey', 'NotFound']);

/** The S3 adapter for migrations: one client per endpoint, timeouts that fire, streaming reads. */
export class S3MigrationStore implements MigrationStore {
  private readonly pool: S3ClientPool;
  private readonly logger = new Logger(S3MigrationStore.name);
  /** Endpoints found without ListMultipartUploads (capability probed by the first call, logged once). */
  private readonly noMultipartListing = new Set<string>();

  constructor(settings: MigrationStoreSettings) {
    this.pool = new S3ClientPool({
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      forcePathStyle: settings.forcePathStyle,
      maxAttempts: 3,
      // Copies stream whole objects: a whole-request timeout below 30 s would cut healthy ones.
      requestTimeoutMs: Math.max(settings.requestTimeoutMs, 30_000),
      connectionTimeoutMs: settings.requestTimeoutMs,
      maxSockets: settings.maxSockets ?? 64,
    });
  }

  async *list(at: BucketAt, prefix: string): AsyncIterable<ListedObject[]> {
    let token: string | undefined;
    const base = `${prefix}/`;
    do {
      const page = await this.client(at).send(
        new ListObjectsV2Command({ Bucket: at.bucket, Prefix: base, ContinuationToken: token }),
      );
      yield (page.Contents ?? []).map((o) => ({
        key: o.Key!.slice(base.length),
        size: Number(o.Size ?? 0),
        etag: normalizeEtag(o.ETag),
      }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async head(at: BucketAt, key: string, partNumber?: number): Promise<ObjectHead | null> {
    try {
      const out = await this.client(at).send(
        new HeadObjectCommand({ Bucket: at.bucket, Key: key, PartNumber: partNumber }),
      );
      return {
        size: Number(out.ContentLength ?? 0),
        etag: normalizeEtag(out.ETag),
        partsCount: out.PartsCount ?? null,
      };
    } catch (error) {
      if (awsHttpStatus(error) === 404) return null;
      throw error;
    }
  }

  async read(at: BucketAt, key: string, ifMatch: string): Promise<Readable> {
    try {
      const out = await this.client(at).send(
        new GetObjectCommand({ Bucket: at.bucket, Key: key, IfMatch: `"${ifMatch}"` }),
      );
      return out.Body as Readable;
    } catch (error) {
      throw asSourceChanged(error, key);
    }
  }

  async put(
    at: BucketAt,
    key: string,
    body: Buffer,
    md5Base64: string,
    condition: PutCondition,
  ): Promise<string> {
    try {
      const out = await this.client(at).send(
        new PutObjectCommand({
          Bucket: at.bucket,
          Key: key,
          Body: body,
          ContentMD5: md5Base64,
          ContentLength: body.length,
          // Ceph 16 honours both on PUT (not on CompleteMultipartUpload); it compares If-Match unquoted.
          ...('ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: '*' }),
        }),
      );
      return normalizeEtag(out.ETag);
    } catch (error) {
      if (awsHttpStatus(error) === 412 || (error as { name?: string }).name === 'PreconditionFailed')
        throw new TargetChangedError(key);
      throw error;
    }
  }

  async startMultipart(at: BucketAt, key: string): Promise<string> {
    const out = await this.client(at).send(new CreateMultipartUploadCommand({ Bucket: at.bucket, Key: key }));
    return out.UploadId!;
  }

  async putPart(
    at: BucketAt,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
    md5Base64: string,
  ): Promise<string> {
    const out = await this.client(at).send(
      new UploadPartCommand({
        Bucket: at.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: body,
        ContentMD5: md5Base64,
        ContentLength: body.length,
      }),
    );
    return normalizeEtag(out.ETag);
  }

  async completeMultipart(at: BucketAt, key: string, uploadId: string, partEtags: string[]): Promise<string> {
    const out = await this.client(at).send(
      new CompleteMultipartUploadCommand({
        Bucket: at.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: partEtags.map((etag, i) => ({ ETag: `"${etag}"`, PartNumber: i + 1 })) },
      }),
    );
    const etag = normalizeEtag(out.ETag);
    // Ceph 16 answers CompleteMultipartUpload without an ETag: ask for it.
    return etag || ((await this.head(at, key))?.etag ?? '');
  }

  async abortMultipart(at: BucketAt, key: string, uploadId: string): Promise<void> {
    await this.client(at).send(
      new AbortMultipartUploadCommand({ Bucket: at.bucket, Key: key, UploadId: uploadId }),
    );
  }

  async abortStaleUploads(at: BucketAt, prefix: string): Promise<number> {
    if (this.noMultipartListing.has(at.endpoint)) return 0;
    try {
      return await this.abortListedUploads(at, prefix);
    } catch (error) {
      // The local store (s3rver) has no ListMultipartUploads (501): there is nothing to clean up that way there.
      if (!isNotImplemented(error)) throw error;
      this.noMultipartListing.add(at.endpoint);
      this.logger.warn(
        { endpoint: at.endpoint },
        'this S3 endpoint does not implement ListMultipartUploads: stale-upload clean-up is skipped there',
      );
      return 0;
    }
  }

  private async abortListedUploads(at: BucketAt, prefix: string): Promise<number> {
    let aborted = 0;
    let keyMarker: string | undefined;
    let uploadMarker: string | undefined;
    do {
      const page = await this.client(at).send(
        new ListMultipartUploadsCommand({
          Bucket: at.bucket,
          Prefix: `${prefix}/`,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadMarker,
        }),
      );
      for (const upload of page.Uploads ?? []) {
        await this.abortMultipart(at, upload.Key!, upload.UploadId!);
        aborted += 1;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return aborted;
  }

  async copy(from: BucketAt, fromKey: string, ifMatch: string, to: BucketAt, toKey: string): Promise<string> {
    try {
      const out = await this.client(to).send(
        new CopyObjectCommand({
          Bucket: to.bucket,
          Key: toKey,
          CopySource: copySource(from, fromKey),
          CopySourceIfMatch: `"${ifMatch}"`,
        }),
      );
      return normalizeEtag(out.CopyObjectResult?.ETag);
    } catch (error) {
      throw asSourceChanged(error, fromKey);
    }
  }

  async copyPart(
    from: BucketAt,
    fromKey: string,
    ifMatch: string,
    range: { start: number; end: number },
    to: BucketAt,
    toKey: string,
    uploadId: string,
    partNumber: number,
  ): Promise<string> {
    try {
      const out = await this.client(to).send(
        new UploadPartCopyCommand({
          Bucket: to.bucket,
          Key: toKey,
          UploadId: uploadId,
          PartNumber: partNumber,
          CopySource: copySource(from, fromKey),
          CopySourceIfMatch: `"${ifMatch}"`,
          CopySourceRange: `bytes=${range.start}-${range.end}`,
        }),
      );
      return normalizeEtag(out.CopyPartResult?.ETag);
    } catch (error) {
      throw asSourceChanged(error, fromKey);
    }
  }

  async deleteMany(at: BucketAt, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await this.client(at).send(
        new DeleteObjectsCommand({
          Bucket: at.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (out.Errors && out.Errors.length > 0) {
        throw new Error(
          `could not delete ${out.Errors.length} objects, e.g. ${out.Errors[0].Key}: ${out.Errors[0].Code}`,
        );
      }
    }
  }

  destroy(): void {
    this.pool.destroy();
  }

  private client(at: BucketAt) {
    return this.pool.client(at);
  }
}

function copySource(from: BucketAt, key: string): string {
  return `${from.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function asSourceChanged(error: unknown, key: string): unknown {
  const name = awsErrorName(error);
  const status = awsHttpStatus(error);
  return PRECONDITION.has(name) || status === 412 || status === 404 ? new SourceChangedError(key) : error;
}
