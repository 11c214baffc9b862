import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleDirectory } from '../../apps/hub/src/console';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { freePort } from '../support/hub-process';
import type { TestHub } from '../support/test-hub';
import {
  listAll,
  migrationEnv,
  s3For,
  startMigrateHub,
  startWorker,
  writeBackup,
  type WorkerProcess,
} from '../migrate/support/migrate-support';
import { consoleAt, launchBrowser, SCREENS, type TestBrowser } from './browser';

interface InitBody {
  backup: { id: string; bucket: string; prefix: string; region: string; endpoint: string };
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null };
}

const OBJECTS = 12;

describe.skipIf(!inject('gateway'))('planning, starting and cancelling migrations in the browser', () => {
  const env = migrationEnv();
  let hub: TestHub;
  let browser: TestBrowser;
  let drive: ReturnType<typeof consoleAt>;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    if (!consoleDirectory()) throw new Error('dist/console is missing: run `npm run build` first');
    mkdirSync(SCREENS, { recursive: true });
    // Real placement on the real gateway: new backups land in us-east-1 (eu-west-1 has weight 0 there).
    hub = await startMigrateHub(env);
    const port = await freePort();
    await hub.app.listen({ host: '127.0.0.1', port });
    drive = consoleAt(`http://127.0.0.1:${port}`, await anAdminKey(hub.prisma));
    browser = await launchBrowser();
    // Workers of earlier test files are gone; a SIGKILLed one would still look live for three heartbeats.
    await hub.prisma.workerHeartbeat.deleteMany({});
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await browser?.close();
    await hub?.close();
  });

  /** A real backup: an agent inits (a real bucket, scoped credentials) and writes OBJECTS objects with them. */
  async function aBackupWithData() {
    const appliance = await anAppliance(hub.prisma);
    const res = await hub.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: bearer(appliance.key),
      payload: {},
    });
    const { backup, credentials } = res.json<InitBody>();
    const agent = s3For(backup.endpoint, backup.region, credentials);
    await writeBackup(agent, backup.bucket, backup.prefix, { small: OBJECTS, multipart: 0 });
    expect((await listAll(agent, backup.bucket, backup.prefix)).size).toBe(OBJECTS);
    return { accountId: appliance.accountId, backup };
  }

  /** Plans the migration of one account's live backups to eu-west-1 in the form, then starts it; its id. */
  async function planAndStart(page: Page, accountId: string, backupId: string): Promise<string> {
    const form = page.locator('[data-migration-form]');
    await form.locator('select[name="selection"]').selectOption('accountId');
    await form.locator('input[name="value"]').fill(accountId);
    await form.locator('select[name="targetRegion"]').selectOption('eu-west-1');
    await form.locator('button[name="plan"]').click();
    const planned = form.locator(`[data-plan] tr[data-row="${backupId}"]`);
    await planned.waitFor();
    expect(await form.locator('[data-plan] tbody tr').count()).toBe(1);
    expect(await planned.getAttribute('data-move')).toBe('us-east-1>eu-west-1');
    expect(await planned.locator('[data-objects]').getAttribute('data-objects')).toBe(String(OBJECTS));
    expect(await form.locator('[data-estimated-seconds]').count()).toBe(1);
    // A dry run starts nothing.
    expect(await hub.prisma.migrationItem.count({ where: { backupId } })).toBe(0);
    await drive.shot(page, 'migrations-plan');

    await form.locator('button[name="start"]').click();
    const started = form.locator('[data-started]');
    await started.waitFor();
    const id = (await started.getAttribute('data-started'))!;
    expect(await hub.prisma.migrationItem.count({ where: { backupId, migrationId: id } })).toBe(1);
    return id;
  }

  /** A real backup planned and started from the page; its row in the list, waiting for a worker (none runs yet). */
  async function startedOnThePage() {
    const { accountId, backup } = await aBackupWithData();
    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'migrations');
    const id = await planAndStart(page, accountId, backup.id);
    const row = page.locator(`table[data-table="migrations"] tr[data-row="${id}"]`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('waiting_for_worker');
    return { page, backup, id, row };
  }

  it('dry-runs a selection (which backups, from → to, estimate), starts it, shows it live, and cancels it', async () => {
    const { page, backup, id, row } = await startedOnThePage();
    // No worker runs yet: the migration waits for one, live (cancellable), its source not even listed.
    const progress = row.locator('[data-progress-objects]');
    expect(await progress.getAttribute('data-progress-objects')).toBe('0/0');
    expect(await progress.textContent()).toBe('not listed yet');
    await row.locator(`button[data-cancel="${id}"]`).click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('cancelled');
    expect(await row.locator('button[data-cancel]').count()).toBe(0);
    const after = await drive.api<{ status: string; region: string }>(
      'GET',
      `/admin/v1/backups/${backup.id}`,
    );
    expect(after.json).toMatchObject({ status: 'active', region: 'us-east-1' });
    await page.close();
  });

  it('a started migration’s progress moves on the page while a worker copies it, to the end', async () => {
    const { page, backup, row } = await startedOnThePage();
    worker = await startWorker(env);
    // The page polls by itself (no reload): every object copied, then cut over (clean-up waits out the grace).
    await expect
      .poll(() => row.locator('[data-progress-objects]').getAttribute('data-progress-objects'), {
        timeout: 60_000,
      })
      .toBe(`${OBJECTS}/${OBJECTS}`);
    await expect
      .poll(() => row.getAttribute('data-state'), { timeout: 60_000 })
      .toMatch(/^(cleanup_pending|completed)$/);
    await drive.shot(page, 'migrations-copied');
    const moved = await drive.api<{ region: string }>('GET', `/admin/v1/backups/${backup.id}`);
    expect(moved.json.region).toBe('eu-west-1');
    await page.close();
  });
});
