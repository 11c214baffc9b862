import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { anAppliance } from '../init/support/fixtures';
import { startDatabaseFaultBed, type DatabaseFaultBed } from '../support/database-fault-bed';
import type { HubProcess } from '../support/hub-process';
import { startInitLoad, type InitOutcome } from '../support/init-load';

const gateway = inject('gateway');
const LISTENERS = `select count(*)::int as n from pg_stat_activity where application_name = 'landfall-placement-listener'`;
const LISTENING = `select count(*)::int as n from pg_stat_activity where query ilike 'LISTEN%'`;

/**
 * PostgreSQL restarted and stopped under agent inits, against a production hub process: the hub keeps running,
 * answers every request (503 + Retry-After while the database is away, never 500, never a reset or a hang) and
 * recovers by itself; its LISTEN connection is replaced, not multiplied.
 */
describe.skipIf(!gateway)('hub process while its PostgreSQL restarts', () => {
  let bed: DatabaseFaultBed;
  let hub: HubProcess;

  beforeAll(async () => {
    bed = await startDatabaseFaultBed();
    hub = await bed.startHub();
  }, 240_000);
  afterAll(async () => {
    await bed?.close();
  });

  it('restart (fast) and a 10 s stop under cold and warm inits: only 200 and 503 + Retry-After, and it recovers', async () => {
    const warm = await anAppliance(bed.prisma);
    expect((await initOnce(hub.url, warm.key)).status).toBe(200);
    // Even requests warm inits (one appliance again and again), odd ones cold inits (a new appliance each time).
    const load = startInitLoad({
      urls: [hub.url],
      concurrency: 6,
      answerWithinMs: 20_000,
      keyFor: async (n) => (n % 2 === 0 ? warm.key : (await anAppliance(bed.prisma)).key),
    });
    try {
      const ok = (o: InitOutcome) => o.status === 200;
      await load.waitFor(ok, 30_000, 'of 200 before the fault');

      await bed.pg.restart('fast');
      await load.waitFor(ok, 60_000, 'of 200 after the restart');

      await bed.pg.stop('fast');
      expect(hub.child.exitCode, hub.output()).toBeNull();
      const unavailable = await load.waitFor((o) => o.status === 503, 30_000, 'of 503 while stopped');
      expect(unavailable).toMatchObject({ code: 'SERVICE.DATABASE_UNAVAILABLE' });
      // Stay down for about ten seconds, answering all the while.
      await load.waitFor((o) => o.at - unavailable.at >= 10_000, 30_000, 'ten seconds into the outage');
      await bed.pg.start();
      await load.waitFor(ok, 60_000, 'of 200 after the database came back');
      await load.waitFor(ok, 30_000, 'of a second 200 after the database came back');
    } finally {
      await load.stop();
    }

    const tally = load.tally();
    process.stdout.write(`hub under PostgreSQL restart + 10 s stop: ${JSON.stringify(tally)}\n`);
    expect(hub.child.exitCode, hub.output()).toBeNull();
    expect(Object.keys(tally).sort(), JSON.stringify(tally)).toEqual(['200', '503']);
    const outages = load.outcomes.filter((o) => o.status === 503);
    expect(outages.every((o) => o.code === 'SERVICE.DATABASE_UNAVAILABLE' && Number(o.retryAfter) > 0)).toBe(
      true,
    );
    // Nothing doubled by the outage: no appliance has two live backups.
    const doubled = await bed.prisma.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from (
        select appliance_id from backups where status <> 'retired' group by appliance_id having count(*) > 1
      ) d`;
    expect(doubled[0].n).toBe(0);
  }, 240_000);

  it('keeps one LISTEN connection through four more restarts', async () => {
    for (let round = 1; round <= 4; round += 1) {
      await bed.pg.restart('fast');
      await waitUntil(
        async () => (await bed.pg.query<{ n: number }>(LISTENERS))[0].n >= 1,
        60_000,
        'a listener',
      );
    }
    // Watch for a while: a doubled reconnect would show up as a second, third… listener.
    const seen: number[] = [];
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      seen.push((await bed.pg.query<{ n: number }>(LISTENING))[0].n);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    process.stdout.write(`LISTEN connections after 6 restarts: ${JSON.stringify([...new Set(seen)])}\n`);
    expect(new Set(seen)).toEqual(new Set([1]));
    // …and it is the placement listener, named as such.
    expect((await bed.pg.query<{ n: number }>(LISTENERS))[0].n).toBe(1);
    expect(hub.child.exitCode, hub.output()).toBeNull();
  }, 240_000);
});

async function initOnce(url: string, key: string): Promise<Response> {
  return fetch(`${url}/v1/init`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // the database is still coming up
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
