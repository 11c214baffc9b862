import { describe, expect, it } from 'vitest';
import { forEachBounded } from './pool';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(forEachBounded.name, () => {
  it('starts nothing after the first failure, waits for those in flight, then throws that failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = forEachBounded([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('first');
      await tick();
      finished.push(n);
    });
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it('stops starting new work when the signal aborts and throws its reason', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = forEachBounded(
      [1, 2, 3, 4],
      1,
      async (n) => {
        started.push(n);
        if (n === 2) controller.abort(new Error('cancelled'));
      },
      controller.signal,
    );
    await expect(run).rejects.toThrow('cancelled');
    expect(started).toEqual([1, 2]);
  });
});
