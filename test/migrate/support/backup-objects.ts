import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { issuedS3Client, type IssuedCredentials } from '../../support/s3-client';

export type Credentials = IssuedCredentials;

/** The agent's client for bulk writes and reads: retries, and every request bounded. */
export function s3For(endpoint: string, region: string, credentials: Credentials): S3Client {
  return issuedS3Client(endpoint, region, credentials, {
    maxAttempts: 3,
    timeouts: { requestMs: 30_000, connectionMs: 5_000 },
  });
}

/** What an agent wrote: key (relative) → SHA-256 of the content. */
export type Written = Map<string, string>;

/**
 * Writes a backup's worth of objects as the agent would: `small` objects of 1–16 KiB, plus `multipart` objects of
 * 12 MiB uploaded in 5 MiB parts (their ETag is a multipart one), with bounded parallelism.
 */
export async function writeBackup(
  s3: S3Client,
  bucket: string,
  prefix: string,
  counts: { small: number; multipart: number; medium?: number },
): Promise<Written> {
  const written: Written = new Map();
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const jobs: (() => Promise<void>)[] = [];
  for (let i = 0; i < counts.small; i += 1) {
    const key = `data/${String(i % 17).padStart(2, '0')}/obj-${i}.bin`;
    const body = randomBytes(1024 + ((i * 7919) % (15 * 1024)));
    jobs.push(async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: body }));
      written.set(key, sha(body));
    });
  }
  for (let i = 0; i < (counts.medium ?? 0); i += 1) {
    // 3–4 MiB, one PUT each: big enough that a copy is in flight for a while.
    const key = `medium/m-${i}.bin`;
    const body = randomBytes(3 * 1024 * 1024 + ((i * 104_729) % (1024 * 1024)));
    jobs.push(async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: body }));
      written.set(key, sha(body));
    });
  }
  for (let i = 0; i < counts.multipart; i += 1) {
    const key = `volumes/big-${i}.tar`;
    const body = randomBytes(12 * 1024 * 1024);
    jobs.push(async () => {
      const full = `${prefix}/${key}`;
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: full }));
      const parts = [];
      for (let p = 0, n = 1; p < body.length; p += 5 * 1024 * 1024, n += 1) {
        const out = await s3.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: full,
            UploadId,
            PartNumber: n,
            Body: body.subarray(p, p + 5 * 1024 * 1024),
          }),
        );
        parts.push({ ETag: out.ETag, PartNumber: n });
      }
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: full,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      written.set(key, sha(body));
    });
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  return written;
}

/** Every object under `prefix/`: relative key → { size, etag }. */
export async function listAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, { size: number; etag: string }>> {
  const found = new Map<string, { size: number; etag: string }>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      found.set(o.Key!.slice(prefix.length + 1), {
        size: o.Size ?? 0,
        etag: (o.ETag ?? '').replace(/"/g, ''),
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** SHA-256 of every object under `prefix/`, read back from the store. */
export async function hashAll(s3: S3Client, bucket: string, prefix: string): Promise<Written> {
  const keys = [...(await listAll(s3, bucket, prefix)).keys()];
  const hashes: Written = new Map();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}` }));
        hashes.set(
          key,
          createHash('sha256')
            .update(await out.Body!.transformToByteArray())
            .digest('hex'),
        );
      }
    }),
  );
  return hashes;
}

export function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Rewrites every key in `written` with new content (as an agent's next backup would), bounded parallelism. */
export async function rewriteAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  written: Written,
): Promise<void> {
  const keys = [...written.keys()];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const body = randomBytes(2048 + (next % 4096));
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: body }));
        written.set(key, sha256(body));
      }
    }),
  );
}

/**
 * One round of an agent changing its backup with the credentials it holds: `n` overwrites, `n` new objects and `n`
 * deletes (of keys from `written`); `written` becomes the new state. Returns the counts done.
 */
export async function mutate(
  s3: S3Client,
  bucket: string,
  prefix: string,
  written: Written,
  n: number,
  tag: string,
  what: { overwrite?: boolean; add?: boolean; remove?: boolean } = {
    overwrite: true,
    add: true,
    remove: true,
  },
): Promise<{ overwritten: number; added: number; deleted: number }> {
  const keys = [...written.keys()].filter((k) => k.startsWith('data/'));
  const done = { overwritten: 0, added: 0, deleted: 0 };
  for (let i = 0; i < n; i += 1) {
    if (what.overwrite && keys.length > 0) {
      const key = keys.splice(Math.floor(Math.random() * keys.length), 1)[0];
      const body = randomBytes(1500 + i);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: body }));
      written.set(key, sha256(body));
      done.overwritten += 1;
    }
    if (what.add) {
      const key = `added/${tag}-${i}.bin`;
      const body = randomBytes(900 + i);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: body }));
      written.set(key, sha256(body));
      done.added += 1;
    }
    if (what.remove && keys.length > 0) {
      const key = keys.splice(Math.floor(Math.random() * keys.length), 1)[0];
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}` }));
      written.delete(key);
      done.deleted += 1;
    }
  }
  return done;
}
