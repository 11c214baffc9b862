/**
 * Runs `work` over `items` with at most `limit` in flight. Stops starting new ones on the first failure or when
 * `signal` aborts, waits for those in flight, then throws the first failure (or the abort reason).
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (!failure && !signal?.aborted && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
  if (signal?.aborted) throw signal.reason;
}
