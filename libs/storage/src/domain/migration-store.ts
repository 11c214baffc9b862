import type { Readable } from 'node:stream';

/** A source object as listed: key relative to the backup prefix. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
}

/** A bucket on an endpoint. */
export interface BucketAt {
  region: string;
  endpoint: string;
  bucket: string;
}

export interface ObjectHead {
  size: number;
  etag: string;
  /** With `partNumber`: the number of parts the object was uploaded in (null when single-part or unknown). */
  partsCount: number | null;
}

/** The S3 operations a migration needs. No SDK type crosses it. */
export interface MigrationStore {
  /** Every object under `prefix/`, keys relative to it, page by page. */
  list(at: BucketAt, prefix: string): AsyncIterable<ListedObject[]>;
  head(at: BucketAt, key: string, partNumber?: number): Promise<ObjectHead | null>;
  /** The object's bytes, only if it still has `ifMatch` as ETag (else SourceChangedError). */
  read(at: BucketAt, key: string, ifMatch: string): Promise<Readable>;
  /**
   * Writes only if the target is in the state the caller decided on (`ifNoneMatch: '*'`: no object; `ifMatch`: an
   * object with that ETag), else TargetChangedError.
   */
  put(at: BucketAt, key: string, body: Buffer, md5Base64: string, condition: PutCondition): Promise<string>;
  startMultipart(at: BucketAt, key: string): Promise<string>;
  putPart(
    at: BucketAt,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
    md5Base64: string,
  ): Promise<string>;
  completeMultipart(at: BucketAt, key: string, uploadId: string, partEtags: string[]): Promise<string>;
  abortMultipart(at: BucketAt, key: string, uploadId: string): Promise<void>;
  /** Uploads begun under `prefix/` and never completed (a worker killed mid-object leaves these). */
  abortStaleUploads(at: BucketAt, prefix: string): Promise<number>;
  /** Server-side copy within one endpoint, only if the source still has `ifMatch` as ETag. */
  copy(from: BucketAt, fromKey: string, ifMatch: string, to: BucketAt, toKey: string): Promise<string>;
  copyPart(
    from: BucketAt,
    fromKey: string,
    ifMatch: string,
    range: { start: number; end: number },
    to: BucketAt,
    toKey: string,
    uploadId: string,
    partNumber: number,
  ): Promise<string>;
  deleteMany(at: BucketAt, keys: string[]): Promise<void>;
}

export type PutCondition = { ifNoneMatch: '*' } | { ifMatch: string };

export const MIGRATION_STORE = Symbol('MIGRATION_STORE');

/** The source object is not the version that was listed any more (ETag precondition failed, or it is gone). */
export class SourceChangedError extends Error {
  constructor(readonly key: string) {
    super(`source object ${key} changed or vanished during the copy`);
    this.name = 'SourceChangedError';
  }
}

/** The target object is not in the state a conditional write expected (412): someone else wrote it meanwhile. */
export class TargetChangedError extends Error {
  constructor(readonly key: string) {
    super(`target object ${key} changed under a conditional write`);
    this.name = 'TargetChangedError';
  }
}
