/**
 * Agent inits fired at hub processes at a steady concurrency while a fault is injected; every answer (or its
 * absence) is tallied, so a test can say "only 200 and 503, every 503 with Retry-After, nothing reset or hung".
 */
export interface InitOutcome {
  /** HTTP status, or `reset` (connection error), or `hung` (no answer within the bound). */
  status: number | 'reset' | 'hung';
  code?: string;
  retryAfter?: string | null;
  at: number;
}

export interface InitLoad {
  outcomes: InitOutcome[];
  /** Statuses counted, e.g. `{ 200: 310, 503: 42 }`. */
  tally(): Record<string, number>;
  /** Resolves once an outcome matching `match` arrives after now (or throws after `timeoutMs`). */
  waitFor(match: (o: InitOutcome) => boolean, timeoutMs: number, what: string): Promise<InitOutcome>;
  stop(): Promise<void>;
}

export interface InitLoadOptions {
  urls: string[];
  /** An appliance key per request: the same key again and again is a warm init, a new one a cold init. */
  keyFor: (n: number) => Promise<string> | string;
  concurrency: number;
  /** Every request must be answered within this (a hang is a failure). */
  answerWithinMs: number;
}

export function startInitLoad(options: InitLoadOptions): InitLoad {
  const outcomes: InitOutcome[] = [];
  const waiters: Array<{
    from: number;
    match: (o: InitOutcome) => boolean;
    resolve: (o: InitOutcome) => void;
  }> = [];
  let stopped = false;
  let n = 0;
  const record = (outcome: InitOutcome) => {
    outcomes.push(outcome);
    for (const waiter of [...waiters]) {
      if (outcome.at >= waiter.from && waiter.match(outcome)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(outcome);
      }
    }
  };
  const lane = async () => {
    while (!stopped) {
      const i = n++;
      const url = options.urls[i % options.urls.length];
      let key: string;
      try {
        key = await options.keyFor(i);
      } catch {
        // the test's own database connection saw the outage; try again
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      try {
        const res = await fetch(`${url}/v1/init`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: '{}',
          signal: AbortSignal.timeout(options.answerWithinMs),
        });
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        record({
          status: res.status,
          code: body.error?.code,
          retryAfter: res.headers.get('retry-after'),
          at: Date.now(),
        });
        // An agent told to come back later does so; the test only needs to see the answer, not hammer.
        if (res.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      } catch (error) {
        const name = (error as Error).name;
        record({
          status: name === 'TimeoutError' || name === 'AbortError' ? 'hung' : 'reset',
          at: Date.now(),
        });
      }
    }
  };
  const lanes = Array.from({ length: options.concurrency }, lane);
  const tally = () => {
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1;
    return counts;
  };
  return {
    outcomes,
    tally,
    waitFor: (match, timeoutMs, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(`no init answer ${what} within ${timeoutMs} ms; so far ${JSON.stringify(tally())}`),
          );
        }, timeoutMs);
        const waiter = {
          from: Date.now(),
          match,
          resolve: (o: InitOutcome) => {
            clearTimeout(timer);
            resolve(o);
          },
        };
        waiters.push(waiter);
      }),
    stop: async () => {
      stopped = true;
      await Promise.all(lanes);
    },
  };
}
