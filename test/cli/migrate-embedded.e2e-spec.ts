import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedHub, type EmbeddedHub } from '../support/embedded-hub';
import { freePort } from '../support/hub-process';
import { landfallJson, runLandfall } from './run-cli';

const LONDON_IP = '81.2.69.142';

interface InitAnswer {
  backup: { id: string; region: string; bucket: string; prefix: string; endpoint: string };
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null };
}

interface MigrationView {
  id: string;
  state: string;
  objects: { total: number; done: number; verified: number };
  errors: { count: number; lastError: string }[];
  backups: { state: string }[];
}

/**
 * `npm start` alone (embedded PostgreSQL, local S3 store, no worker process): the CLI starts a migration, follows
 * it to the cut-over with a progress bar, and cancels one that cannot finish.
 */
describe('landfall migrations on the embedded defaults', () => {
  let hub: EmbeddedHub;
  let env: Record<string, string>;
  let backup: InitAnswer['backup'];
  /** Loopback callers are placed by weighted fallback: any region may be the source. */
  let target: string;

  beforeAll(async () => {
    hub = await startEmbeddedHub();
    env = { LANDFALL_ADDR: hub.url, LANDFALL_TOKEN: hub.adminKey };
    const init = await fetch(`${hub.url}/v1/init`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${hub.applianceKey}`,
        'x-forwarded-for': LONDON_IP,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(init.status).toBe(200);
    const answer = (await init.json()) as InitAnswer;
    backup = answer.backup;
    target = backup.region === 'eu-west-1' ? 'eu-central-1' : 'eu-west-1';
    // The agent writes its backup with the credentials it was handed.
    const s3 = new S3Client({
      endpoint: backup.endpoint,
      region: backup.region,
      forcePathStyle: true,
      credentials: {
        accessKeyId: answer.credentials.accessKeyId,
        secretAccessKey: answer.credentials.secretAccessKey,
        sessionToken: answer.credentials.sessionToken ?? undefined,
      },
    });
    for (let i = 0; i < 12; i++) {
      await s3.send(
        new PutObjectCommand({
          Bucket: backup.bucket,
          Key: `${backup.prefix}/duplicity-full.${i}.vol.difftar.gz`,
          Body: Buffer.alloc(64 * 1024 + i, i),
        }),
      );
    }
    s3.destroy();
  });
  afterAll(async () => {
    if (hub) expect(await hub.stop()).toBe(0);
  });

  it('starts, shows progress and reaches the cut-over with the worker the hub runs itself', async () => {
    const plan = await runLandfall(['migrate', 'plan', '--to', target, '--backups', backup.id], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`1 backups to ${target}: 12 objects`));

    const started = await runLandfall(['migrate', 'start', '--to', target, '--backups', backup.id], env);
    expect({ code: started.code, stderr: started.stderr }).toMatchObject({ code: 0 });
    expect(started.stderr).toMatch(/migration \S+ started/);
    expect(started.stderr).toMatch(/objects/); // the bar, on stderr
    expect(started.stdout).toMatch(/state\s+cleanup_pending/);
    expect(started.stdout).toMatch(/objects\s+12\/12 copied, 12 verified/);

    const moved = await landfallJson<{ region: string; status: string }>(['backups', 'get', backup.id], env);
    expect(moved).toMatchObject({ region: target, status: 'active' });
    const listed = await landfallJson<{ items: MigrationView[] }>(
      ['migrations', 'list', '--region', target],
      env,
    );
    expect(listed.items.map((m) => m.state)).toEqual(['cleanup_pending']);
    expect(hub.output()).toContain('does not implement ListMultipartUploads');
  });

  it('cancels a migration that cannot finish: its failing attempts show, then the backup is writable again', async () => {
    const dead = `dead-${(await freePort()) % 10000}`;
    await landfallJson(
      [
        'regions',
        'create',
        dead,
        '--name',
        'Unreachable',
        '--lat',
        '1',
        '--lon',
        '1',
        '--endpoint',
        `http://127.0.0.1:${await freePort()}`,
      ],
      env,
    );
    const started = await landfallJson<MigrationView>(
      ['migrate', 'start', '--to', dead, '--backups', backup.id, '--no-watch'],
      env,
    );
    expect(started.state).toBe('running');
    let view = started;
    while (view.errors.length === 0) {
      view = await landfallJson<MigrationView>(['migrate', 'status', started.id], env);
      expect(view.state).toBe('running');
    }
    const status = await runLandfall(['migrate', 'status', started.id], env);
    expect(status.stdout).toMatch(/state\s+running, \d+ errors \(last: /);

    const cancelled = await runLandfall(['migrate', 'cancel', started.id], env);
    expect(cancelled).toMatchObject({ code: 0, stderr: '' });
    expect(cancelled.stdout).toMatch(/state\s+cancelled/);
    const after = await landfallJson<{ region: string; status: string }>(['backups', 'get', backup.id], env);
    expect(after).toMatchObject({ region: target, status: 'active' });
    const again = await runLandfall(['migrate', 'cancel', started.id, '-o', 'json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ state: 'cancelled' });
  });
});
