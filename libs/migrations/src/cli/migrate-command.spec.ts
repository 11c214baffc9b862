import { describe, expect, it } from 'vitest';
import { parseMigrateArgs, renderProgress, runMigrateCommand, UsageError } from './migrate-command';

describe(parseMigrateArgs.name, () => {
  it('turns selectors into the admin API body', () => {
    expect(parseMigrateArgs(['plan', '--to', 'eu-west-1', '--from', 'us-east-1', '--index-prefers'])).toEqual(
      {
        command: 'plan',
        body: {
          targetRegion: 'eu-west-1',
          sourceRegion: 'us-east-1',
          indexPrefersTarget: true,
          dryRun: true,
        },
        watch: false,
      },
    );
    expect(parseMigrateArgs(['start', '--to', 'x1', '--backup', 'a', '--backup', 'b']).body).toEqual({
      targetRegion: 'x1',
      backupIds: ['a', 'b'],
    });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseMigrateArgs(['start', '--backup', 'a'])).toThrow(UsageError);
    expect(() => parseMigrateArgs(['start', '--to'])).toThrow('--to needs a value');
    expect(() => parseMigrateArgs(['frobnicate'])).toThrow(UsageError);
  });
});

describe(renderProgress.name, () => {
  it('draws a bar with counts, rate and ETA', () => {
    const sut = renderProgress(
      {
        id: 'm',
        state: 'running',
        objects: { total: 10, done: 5, verified: 2 },
        bytes: { total: 4_000_000, done: 2_000_000 },
        bytesPerSecond: 1_000_000,
        etaSeconds: 2,
        errors: [],
      },
      10,
    );
    expect(sut).toBe('[#####-----]   50%  5/10 objects (2 verified)  2.0/4.0 MB  1.0 MB/s  ETA 2s  running');
  });
});

describe(runMigrateCommand.name, () => {
  it('starts a migration and polls until it is cut over, printing progress', async () => {
    const views = ['running', 'running', 'cleanup_pending'].map((state, i) => ({
      id: 'mig-1',
      state,
      objects: { total: 2, done: i, verified: i },
      bytes: { total: 2, done: i },
      bytesPerSecond: null,
      etaSeconds: null,
      errors: [],
    }));
    const calls: string[] = [];
    const fakeFetch = (async (url: string, init: { method: string }) => {
      calls.push(`${init.method} ${url}`);
      return new Response(JSON.stringify(views.shift()), { status: init.method === 'POST' ? 202 : 200 });
    }) as unknown as typeof fetch;
    const out: string[] = [];
    const code = await runMigrateCommand(['start', '--to', 'eu-west-1', '--backup', 'b1'], {
      baseUrl: 'http://hub/',
      adminKey: 'k',
      out: (t) => out.push(t),
      fetch: fakeFetch,
      sleep: async () => undefined,
    });
    expect(code).toBe(0);
    expect(calls).toEqual([
      'POST http://hub/admin/v1/migrations',
      'GET http://hub/admin/v1/migrations/mig-1',
      'GET http://hub/admin/v1/migrations/mig-1',
    ]);
    expect(out.at(-1)).toContain('cleanup_pending');
  });
});
