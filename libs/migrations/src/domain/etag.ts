import { createHash } from 'node:crypto';
import { normalizeEtag } from '@landfall/storage';

export { normalizeEtag };

/** The number of parts in a multipart ETag (`<md5 of part md5s>-<n>`), or null for a single-part one. */
export function multipartCount(etag: string): number | null {
  const match = /-(\d+)$/.exec(normalizeEtag(etag));
  return match ? Number(match[1]) : null;
}

/** The ETag S3 gives an object uploaded in parts whose MD5s (hex) are given, in order. */
export function multipartEtag(partMd5sHex: readonly string[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5sHex) hash.update(Buffer.from(normalizeEtag(md5), 'hex'));
  return `${hash.digest('hex')}-${partMd5sHex.length}`;
}

/**
 * Hashes a byte stream as it passes, in fixed-size chunks: the whole-content MD5 and the MD5 of each chunk, so the
 * multipart ETag a source was uploaded with can be recomputed when its part size is known.
 */
export class ChunkedMd5 {
  private readonly whole = createHash('md5');
  private part = createHash('md5');
  private partFill = 0;
  private readonly parts: string[] = [];

  constructor(private readonly chunkSize: number | null) {}

  update(data: Buffer): void {
    this.whole.update(data);
    if (!this.chunkSize) return;
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(this.chunkSize - this.partFill, data.length - offset);
      this.part.update(data.subarray(offset, offset + take));
      this.partFill += take;
      offset += take;
      if (this.partFill === this.chunkSize) this.closePart();
    }
  }

  /** `{ md5, etagAsParts }`: the content MD5, and the multipart ETag for the chunk size (null without one). */
  finish(): { md5: string; etagAsParts: string | null } {
    if (this.chunkSize && this.partFill > 0) this.closePart();
    return {
      md5: this.whole.digest('hex'),
      etagAsParts: this.chunkSize ? multipartEtag(this.parts) : null,
    };
  }

  private closePart(): void {
    this.parts.push(this.part.digest('hex'));
    this.part = createHash('md5');
    this.partFill = 0;
  }
}

/**
 * Whether the bytes read match what the source's listing promised: a single-part ETag is the content MD5; a
 * multipart one is recomputed from the source's part size. Unknown (null) when the part size is unknown.
 */
export function contentMatchesSourceEtag(
  sourceEtag: string,
  read: { md5: string; etagAsParts: string | null },
): boolean | null {
  const etag = normalizeEtag(sourceEtag);
  if (multipartCount(etag) === null) return /^[0-9a-f]{32}$/.test(etag) ? etag === read.md5 : null;
  return read.etagAsParts === null ? null : etag === read.etagAsParts;
}

const MIB = 1024 * 1024;

/**
 * Part sizes a multipart upload of `size` bytes in `parts` parts may have used: the one the store reports for
 * part 1 (when consistent), plus whole MiB sizes that give exactly that many parts (what uploaders use). Few.
 */
export function candidatePartSizes(size: number, parts: number, reported: number | null): number[] {
  const fits = (p: number) => p > 0 && Math.ceil(size / p) === parts;
  const found = new Set<number>();
  if (reported !== null && reported < size && fits(reported)) found.add(reported);
  const low = Math.max(1, Math.ceil(size / parts / MIB));
  for (let mib = low; found.size < 8 && mib * MIB * (parts - 1) < size; mib += 1) {
    if (fits(mib * MIB)) found.add(mib * MIB);
  }
  return [...found];
}
