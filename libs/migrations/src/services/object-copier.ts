import { createHash } from 'node:crypto';
import {
  candidatePartSizes,
  ChunkedMd5,
  contentMatchesSourceEtag,
  multipartCount,
  multipartEtag,
} from '../domain/etag';
import type { ListedObject } from '../domain/migration';
import { Inject, Injectable } from '@nestjs/common';
import { MIGRATION_STORE, TargetChangedError, type BucketAt, type MigrationStore } from '@landfall/storage';

export interface CopyPlan {
  from: BucketAt;
  fromPrefix: string;
  to: BucketAt;
  toPrefix: string;
  partSizeBytes: number;
  /** Server-side copy (CopyObject/UploadPartCopy) rather than streaming through this process. */
  serverSide: boolean;
  /**
   * Called immediately before every write to the target (PUT, multipart start/part/complete, copy); throws
   * (LeaseLostError) when this worker no longer holds a valid lease on the item, so a stalled worker writes nothing.
   */
  beforeWrite: () => Promise<void>;
}

export interface CopiedObject {
  targetEtag: string;
  /** Content MD5 when the bytes passed through us; null for a server-side copy. */
  contentMd5: string | null;
  method: 'stream' | 'stream-multipart' | 'server' | 'server-multipart';
}

/** The copy produced something other than the source's bytes: never checkpointed as copied. */
export class CopyMismatchError extends Error {
  constructor(key: string, detail: string) {
    super(`copy of ${key} does not match its source: ${detail}`);
    this.name = 'CopyMismatchError';
  }
}

const MAX_SINGLE_COPY = 5 * 1024 ** 3;

/**
 * Copies one object to the target and proves the target holds the listed source version: the source is read (or
 * server-side copied) only while it still has the listed ETag; streamed bytes are hashed and checked against the
 * source's ETag (MD5, or the multipart ETag recomputed from its part size); every part is sent with Content-MD5
 * and the target's ETag must be the one those bytes give.
 */
@Injectable()
export class ObjectCopier {
  constructor(@Inject(MIGRATION_STORE) private readonly store: MigrationStore) {}

  async copy(object: ListedObject, plan: CopyPlan): Promise<CopiedObject> {
    const fromKey = `${plan.fromPrefix}/${object.key}`;
    const toKey = `${plan.toPrefix}/${object.key}`;
    if (plan.serverSide) return this.serverSide(object, fromKey, toKey, plan);
    return this.stream(object, fromKey, toKey, plan);
  }

  private async stream(
    object: ListedObject,
    fromKey: string,
    toKey: string,
    plan: CopyPlan,
  ): Promise<CopiedObject> {
    const sourceParts = multipartCount(object.etag);
    const partSizes = sourceParts
      ? candidatePartSizes(object.size, sourceParts, await this.sourcePartSize(plan.from, fromKey))
      : [];
    // One hasher per part size the source may have been uploaded with; the first has no parts (content MD5).
    const hashers = [new ChunkedMd5(null), ...partSizes.map((size) => new ChunkedMd5(size))];
    const body = await this.store.read(plan.from, fromKey, object.etag);
    const multipart = object.size > plan.partSizeBytes;
    let uploadId: string | null = null;
    const partMd5s: string[] = [];
    const partEtags: string[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let total = 0;
    const flush = async (final: boolean) => {
      while (pendingBytes >= plan.partSizeBytes || (final && pendingBytes > 0)) {
        const all = Buffer.concat(pending);
        const part = all.subarray(0, Math.min(plan.partSizeBytes, all.length));
        const rest = all.subarray(part.length);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
        const md5 = createHash('md5').update(part).digest();
        partMd5s.push(md5.toString('hex'));
        await plan.beforeWrite();
        uploadId ??= await this.store.startMultipart(plan.to, toKey);
        await plan.beforeWrite();
        partEtags.push(
          await this.store.putPart(
            plan.to,
            toKey,
            uploadId,
            partEtags.length + 1,
            part,
            md5.toString('base64'),
          ),
        );
      }
    };
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        for (const hasher of hashers) hasher.update(chunk);
        total += chunk.length;
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (multipart && pendingBytes >= plan.partSizeBytes) await flush(false);
      }
      const reads = hashers.map((hasher) => hasher.finish());
      const read = reads[0];
      if (total !== object.size) {
        throw new CopyMismatchError(object.key, `read ${total} bytes, listed ${object.size}`);
      }
      const verdicts = reads.map((r) => contentMatchesSourceEtag(object.etag, r));
      // A single-part ETag must match; a multipart one must match for some part size, if we could guess any.
      if (sourceParts === null ? verdicts[0] === false : partSizes.length > 0 && !verdicts.includes(true)) {
        throw new CopyMismatchError(object.key, `content hash differs from source ETag ${object.etag}`);
      }
      if (!multipart) {
        const etag = await this.putConditionally(plan, toKey, Buffer.concat(pending), read.md5);
        if (etag !== read.md5)
          throw new CopyMismatchError(object.key, `target ETag ${etag}, content MD5 ${read.md5}`);
        return { targetEtag: etag, contentMd5: read.md5, method: 'stream' };
      }
      await flush(true);
      // The upload itself is the fence here: every upload under the target prefix is aborted right before the
      // cut-over, and this worker held its lease when it started this one, so after a cut-over this fails.
      await plan.beforeWrite();
      const etag = await this.store.completeMultipart(plan.to, toKey, uploadId!, partEtags);
      const expected = multipartEtag(partMd5s);
      if (etag !== expected)
        throw new CopyMismatchError(object.key, `target ETag ${etag}, expected ${expected}`);
      return { targetEtag: etag, contentMd5: read.md5, method: 'stream-multipart' };
    } catch (error) {
      (body as { destroy?: () => void }).destroy?.();
      if (uploadId) await this.store.abortMultipart(plan.to, toKey, uploadId).catch(() => undefined);
      throw error;
    }
  }

  private async serverSide(
    object: ListedObject,
    fromKey: string,
    toKey: string,
    plan: CopyPlan,
  ): Promise<CopiedObject> {
    if (object.size <= Math.min(plan.partSizeBytes, MAX_SINGLE_COPY)) {
      await plan.beforeWrite();
      const etag = await this.store.copy(plan.from, fromKey, object.etag, plan.to, toKey);
      if (multipartCount(object.etag) === null && etag !== object.etag) {
        throw new CopyMismatchError(object.key, `target ETag ${etag}, source ${object.etag}`);
      }
      return {
        targetEtag: etag,
        contentMd5: multipartCount(object.etag) === null ? object.etag : null,
        method: 'server',
      };
    }
    await plan.beforeWrite();
    const uploadId = await this.store.startMultipart(plan.to, toKey);
    try {
      const etags: string[] = [];
      for (let start = 0, part = 1; start < object.size; start += plan.partSizeBytes, part += 1) {
        const end = Math.min(object.size, start + plan.partSizeBytes) - 1;
        await plan.beforeWrite();
        etags.push(
          await this.store.copyPart(
            plan.from,
            fromKey,
            object.etag,
            { start, end },
            plan.to,
            toKey,
            uploadId,
            part,
          ),
        );
      }
      await plan.beforeWrite();
      const etag = await this.store.completeMultipart(plan.to, toKey, uploadId, etags);
      const expected = multipartEtag(etags);
      if (etag !== expected)
        throw new CopyMismatchError(object.key, `target ETag ${etag}, expected ${expected}`);
      return { targetEtag: etag, contentMd5: null, method: 'server-multipart' };
    } catch (error) {
      await this.store.abortMultipart(plan.to, toKey, uploadId).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A single PUT that only lands on the target state it was decided on: `If-None-Match: *` (no object there), or,
   * when an object is there, `If-Match` its current ETag. A write held up anywhere (a stalled worker resumed after
   * the cut-over) therefore fails once the agent has written that key at the new place, instead of reverting it.
   * An object that already holds exactly these bytes is left as it is.
   */
  private async putConditionally(plan: CopyPlan, key: string, body: Buffer, md5: string): Promise<string> {
    const md5Base64 = Buffer.from(md5, 'hex').toString('base64');
    await plan.beforeWrite();
    try {
      return await this.store.put(plan.to, key, body, md5Base64, { ifNoneMatch: '*' });
    } catch (error) {
      if (!(error instanceof TargetChangedError)) throw error;
    }
    const there = await this.store.head(plan.to, key);
    if (there && there.size === body.length && there.etag === md5) return there.etag;
    await plan.beforeWrite();
    return this.store.put(
      plan.to,
      key,
      body,
      md5Base64,
      there ? { ifMatch: there.etag } : { ifNoneMatch: '*' },
    );
  }

  /** The size of part 1 of a multipart source (all parts but the last share it), if the store says. */
  private async sourcePartSize(from: BucketAt, key: string): Promise<number | null> {
    const head = await this.store.head(from, key, 1).catch(() => null);
    return head && head.size > 0 ? head.size : null;
  }
}
