export interface RetryPolicy {
  /** Total time the attempts may take, waits included. 0 = one attempt. */
  budgetMs: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  isTransient(error: unknown): boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries transient failures with exponential backoff and full jitter, but never past the budget: a caller waiting
 * on an HTTP request gets an answer (the last error) in bounded time. Permanent failures are thrown at once.
 */
export async function retryWithinBudget<T>(work: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? defaultSleep;
  const base = policy.baseDelayMs ?? 100;
  const max = policy.maxDelayMs ?? 1000;
  const deadline = now() + policy.budgetMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!policy.isTransient(error)) throw error;
      const delay = Math.min(max, base * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (now() + delay >= deadline) throw error;
      await sleep(delay);
    }
  }
}
