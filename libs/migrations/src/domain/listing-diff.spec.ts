import { describe, expect, it } from 'vitest';
import { diffListing } from './listing-diff';

describe(diffListing.name, () => {
  const cp = (key: string, size: number, etag: string) => ({
    key,
    size,
    etag,
    state: 'verified' as const,
    targetEtag: etag,
    attempts: 1,
  });

  it('finds new, changed (size or ETag) and vanished objects; leaves equal ones alone', () => {
    const sut = diffListing(
      [
        { key: 'same', size: 1, etag: 'a' },
        { key: 'new', size: 1, etag: 'b' },
        { key: 'grown', size: 2, etag: 'c' },
        { key: 'rewritten', size: 1, etag: 'e' },
      ],
      [cp('same', 1, '"A"'), cp('grown', 1, 'c'), cp('rewritten', 1, 'd'), cp('gone', 1, 'f')],
    );
    expect(sut.upserts.map((o) => o.key)).toEqual(['new', 'grown', 'rewritten']);
    expect(sut.removed).toEqual(['gone']);
  });
});
