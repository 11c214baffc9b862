import { describe, expect, it } from 'vitest';
import { retryWithinBudget } from './retry';

describe(retryWithinBudget.name, () => {
  const fakeTime = () => {
    const clock = { t: 0 };
    return {
      now: () => clock.t,
      sleep: async (ms: number) => {
        clock.t += ms;
      },
      clock,
    };
  };

  it('retries transient failures until one succeeds', async () => {
    let attempts = 0;
    const sut = await retryWithinBudget(
      async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('transient');
        return 'ok';
      },
      { budgetMs: 5000, isTransient: () => true, ...fakeTime() },
    );
    expect(sut).toBe('ok');
    expect(attempts).toBe(3);
  });

  it('gives up within the budget with the last error', async () => {
    const time = fakeTime();
    let attempts = 0;
    await expect(
      retryWithinBudget(
        async () => {
          attempts += 1;
          throw new Error(`down ${attempts}`);
        },
        { budgetMs: 2000, isTransient: () => true, ...time },
      ),
    ).rejects.toThrow(/down/);
    expect(time.clock.t).toBeLessThanOrEqual(2000);
    expect(attempts).toBeGreaterThan(1);
  });

  it('throws permanent failures at once', async () => {
    let attempts = 0;
    await expect(
      retryWithinBudget(
        async () => {
          attempts += 1;
          throw new Error('forbidden');
        },
        { budgetMs: 5000, isTransient: () => false, ...fakeTime() },
      ),
    ).rejects.toThrow('forbidden');
    expect(attempts).toBe(1);
  });
});
