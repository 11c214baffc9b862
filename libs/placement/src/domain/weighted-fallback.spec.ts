import { describe, expect, it } from 'vitest';
import { fnv1a32, pickWeighted } from './weighted-fallback';

describe(fnv1a32.name, () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe(pickWeighted.name, () => {
  const choices = [
    { code: 'a', weight: 3 },
    { code: 'b', weight: 1 },
    { code: 'c', weight: 0 },
  ];

  it('is deterministic per key', () => {
    expect(pickWeighted('appliance-42', choices)).toBe(pickWeighted('appliance-42', choices));
  });

  it('spreads keys in proportion to weight and never picks zero weight', () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[pickWeighted(`appliance-${i}`, choices)!]++;
    expect(counts.c).toBe(0);
    expect(counts.a / 20_000).toBeGreaterThan(0.72);
    expect(counts.a / 20_000).toBeLessThan(0.78);
  });

  it('spreads evenly when every weight is zero, and returns null with no choices', () => {
    const zero = [
      { code: 'x', weight: 0 },
      { code: 'y', weight: 0 },
    ];
    const picked = new Set(Array.from({ length: 200 }, (_, i) => pickWeighted(`k${i}`, zero)));
    expect(picked).toEqual(new Set(['x', 'y']));
    expect(pickWeighted('k', [])).toBeNull();
  });
});
