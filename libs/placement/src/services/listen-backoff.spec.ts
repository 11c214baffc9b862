import { describe, expect, it } from 'vitest';
import { listenBackoffMs } from './placement-state';

describe(listenBackoffMs.name, () => {
  it('doubles from half a second up to 15 s', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => listenBackoffMs(n, mid))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
    ]);
  });

  it('spreads replicas by ±20 %', () => {
    expect(listenBackoffMs(2, () => 0)).toBe(800);
    expect(listenBackoffMs(2, () => 1)).toBe(1200);
  });
});
