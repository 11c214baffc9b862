import pLimit from 'p-limit';

/**
 * Runs `work` over `items` with at most `limit` in flight (p-limit). Stops starting new ones (those queued return at once) on the first failure or
 * when `signal` aborts, waits for those in flight, then throws the first failure (or the abort reason).
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const bounded = pLimit(Math.max(1, limit));
  let failure: { error: unknown } | null = null;
  await Promise.all(
    items.map((item) =>
      bounded(async () => {
        if (failure || signal?.aborted) return;
        try {
          await work(item);
        } catch (error) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure) throw (failure as { error: unknown }).error;
  if (signal?.aborted) throw signal.reason;
}
