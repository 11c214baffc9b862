import { describe, expect, it } from 'vitest';
import { estimateSeconds, migrationState, retryDelaySeconds, throughput } from './progress';
import { forEachBounded } from './pool';

describe(migrationState.name, () => {
  it('is running while any backup is before its cut-over, then reports the worst outcome', () => {
    expect(migrationState(['cut_over', 'copying'])).toBe('running');
    expect(migrationState(['cut_over', 'completed'])).toBe('cleanup_pending');
    expect(migrationState(['completed', 'failed'])).toBe('failed');
    expect(migrationState(['needs_attention', 'failed'])).toBe('needs_attention');
    expect(migrationState(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(migrationState(['completed', 'cancelled'])).toBe('completed');
  });
});

describe(throughput.name, () => {
  it('gives rate since copying began and the ETA at that rate', () => {
    const counts = {
      objectsTotal: 100,
      objectsCopied: 50,
      objectsVerified: 0,
      bytesTotal: 2000,
      bytesCopied: 1000,
    };
    const sut = throughput(counts, new Date(0), new Date(10_000));
    expect(sut).toEqual({ bytesPerSecond: 100, objectsPerSecond: 5, etaSeconds: 10 });
    expect(throughput(counts, null, new Date()).etaSeconds).toBeNull();
  });

  it('estimates a plan and backs off retries up to a cap', () => {
    expect(estimateSeconds(100, 50_000_000, 50_000_000)).toBe(2);
    expect([1, 2, 3].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 20, 40]);
    expect(retryDelaySeconds(30, 10)).toBe(300);
  });
});

describe(forEachBounded.name, () => {
  it('never runs more than the limit at once, and stops starting work after a failure', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const sut = forEachBounded(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (i) => {
        started.push(i);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight -= 1;
        if (i === 10) throw new Error('boom');
      },
    );
    await expect(sut).rejects.toThrow('boom');
    expect(peak).toBe(4);
    expect(started.length).toBeLessThan(20);
  });
});
