import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  candidatePartSizes,
  ChunkedMd5,
  contentMatchesSourceEtag,
  multipartCount,
  multipartEtag,
  normalizeEtag,
} from './etag';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('ETags', () => {
  it('normalises quotes and case, and tells multipart ETags apart', () => {
    expect(normalizeEtag('"ABC"')).toBe('abc');
    expect(multipartCount('"0123456789abcdef0123456789abcdef-3"')).toBe(3);
    expect(multipartCount('0123456789abcdef0123456789abcdef')).toBeNull();
  });

  it('recomputes a multipart ETag from a stream fed in odd-sized chunks', () => {
    const data = Buffer.alloc(25, 7);
    const parts = [data.subarray(0, 10), data.subarray(10, 20), data.subarray(20)];
    const expected = multipartEtag(parts.map(md5));
    const sut = new ChunkedMd5(10);
    for (const chunk of [data.subarray(0, 3), data.subarray(3, 17), data.subarray(17)]) sut.update(chunk);
    const read = sut.finish();
    expect(read).toEqual({ md5: md5(data), etagAsParts: expected });
    expect(contentMatchesSourceEtag(expected, read)).toBe(true);
    expect(contentMatchesSourceEtag(md5(data), read)).toBe(true);
  });

  it('detects different content, and says "unknown" when the part size is unknown', () => {
    const sut = new ChunkedMd5(null);
    sut.update(Buffer.from('hello'));
    const read = sut.finish();
    expect(contentMatchesSourceEtag(md5(Buffer.from('hellO')), read)).toBe(false);
    expect(contentMatchesSourceEtag(`${md5(Buffer.from('x'))}-2`, read)).toBeNull();
  });
});

describe(candidatePartSizes.name, () => {
  const MIB = 1024 * 1024;
  it('keeps a consistent reported part size and adds whole-MiB sizes giving that many parts', () => {
    expect(candidatePartSizes(12 * MIB, 3, 12 * MIB)).toEqual([4 * MIB, 5 * MIB]);
    expect(candidatePartSizes(12 * MIB, 3, 4.5 * MIB)).toEqual([4.5 * MIB, 4 * MIB, 5 * MIB]);
    expect(candidatePartSizes(100 * MIB, 2, null)).toEqual(
      Array.from({ length: 8 }, (_, i) => (50 + i) * MIB),
    );
  });
});
