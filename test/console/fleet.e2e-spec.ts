import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleDirectory } from '../../apps/hub/src/console';
import { anAdminKey, anAppliance } from '../init/support/fixtures';
import { freePort } from '../support/hub-process';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';
import { consoleAt, launchBrowser, SCREENS, type TestBrowser } from './browser';

interface Envelope {
  error: { code: string; message: string };
}
interface RegionStats {
  code: string;
  backups: number;
  bytes: number;
  appliances: number;
  buckets: { ready: number; pending: number; writable: number; notWritable: number; unprobed: number };
}

describe.skipIf(!inject('gateway'))('the console’s lists, regions and errors in a real browser', () => {
  let hub: TestHub;
  let browser: TestBrowser;
  let drive: ReturnType<typeof consoleAt>;

  beforeAll(async () => {
    if (!consoleDirectory()) throw new Error('dist/console is missing: run `npm run build` first');
    mkdirSync(SCREENS, { recursive: true });
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    const port = await freePort();
    await hub.app.listen({ host: '127.0.0.1', port });
    drive = consoleAt(`http://127.0.0.1:${port}`, await anAdminKey(hub.prisma));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** The record ids a table shows (a string: this file compiles without the DOM library; the page has it). */
  const rowIds = (page: Page, table: string) =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll('table[data-table="${table}"] tbody tr[data-row]')].map((r) => r.getAttribute('data-row'))`,
    );

  /** Presses a pager button and waits until the page it asked for is the one on screen. */
  async function turn(
    page: Page,
    button: 'next-page' | 'previous-page',
    to: number,
    list = 'accounts',
  ): Promise<void> {
    const pager = page.locator(`[data-pager="${list}"]`);
    await pager.locator(`button[name="${button}"]`).click();
    await expect.poll(() => pager.getAttribute('data-shown-page')).toBe(String(to));
  }

  /** 25 a page, then "Next page" until it is disabled: the first page's ids, every id seen, the last page number. */
  async function pageForward(page: Page, list: string) {
    await page.locator(`[data-pager="${list}"] select[name="limit"]`).selectOption('25');
    await expect.poll(async () => (await rowIds(page, list)).length).toBe(25);
    const first = await rowIds(page, list);
    const seen = [...first];
    let number = 1;
    while (await page.locator(`[data-pager="${list}"] button[name="next-page"]`).isEnabled()) {
      await turn(page, 'next-page', ++number, list);
      seen.push(...(await rowIds(page, list)));
    }
    return { first, seen, number };
  }

  it('pages through every account with nextCursor (next and previous), 25 a page, each account once', async () => {
    const batch = `paged-${uniqueSuffix()}`;
    await hub.prisma.account.createMany({
      data: Array.from({ length: 60 }, (_, n) => ({ name: `${batch}-${n}` })),
    });
    const all = (await hub.prisma.account.findMany({ select: { id: true } })).map((a) => a.id);
    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'fleet');
    const pager = page.locator('[data-pager="accounts"]');
    const walked = await pageForward(page, 'accounts');
    const { first, seen } = walked;
    let number = walked.number;
    expect(number).toBe(Math.ceil(all.length / 25));
    expect(seen.length).toBe(new Set(seen).size);
    expect([...seen].sort()).toEqual([...all].sort());
    await drive.shot(page, 'fleet-last-page');

    while (number > 1) {
      number -= 1;
      await turn(page, 'previous-page', number);
    }
    expect(await rowIds(page, 'accounts')).toEqual(first);
    expect(await pager.locator('button[name="previous-page"]').isDisabled()).toBe(true);
    await page.close();
  });

  it('the migrations list pages with the same pager (25 a page, next and previous) and filters by state', async () => {
    // Migrations without items are completed: 30 of them make at least two pages of completed ones.
    const requestedBy = `paged-${uniqueSuffix()}`;
    await hub.prisma.migration.createMany({
      data: Array.from({ length: 30 }, () => ({ targetRegion: 'eu-west-1', selection: {}, requestedBy })),
    });
    const completed = await drive.api<{ items: { id: string }[] }>(
      'GET',
      '/admin/v1/migrations?state=completed&limit=200',
    );
    const all = completed.json.items.map((m) => m.id);
    expect(all.length).toBeGreaterThanOrEqual(30);
    const page = await browser.context.newPage();
    try {
      await drive.signedIn(page, undefined, 'migrations');
      const pager = page.locator('[data-pager="migrations"]');
      await page.locator('[data-filters="migrations"] select[name="state"]').selectOption('completed');
      const { seen, number } = await pageForward(page, 'migrations');
      expect(number).toBe(Math.ceil(all.length / 25));
      expect([...seen].sort()).toEqual([...all].sort());
      await turn(page, 'previous-page', number - 1, 'migrations');
      await page.locator('[data-filters="migrations"] select[name="state"]').selectOption('cancelled');
      await expect.poll(() => pager.getAttribute('data-shown-page')).toBe('1');
      await expect
        .poll(async () => (await rowIds(page, 'migrations')).filter((id) => all.includes(id)))
        .toEqual([]);
    } finally {
      await page.close();
      await hub.prisma.migration.deleteMany({ where: { requestedBy } });
    }
  });

  it('filters a list by what the API filters on, starting again at the first page', async () => {
    const disabled = await hub.prisma.account.create({
      data: { name: `off-${uniqueSuffix()}`, status: 'disabled' },
    });
    const expected = (await hub.prisma.account.findMany({ where: { status: 'disabled' } })).map((a) => a.id);
    expect(expected).toContain(disabled.id);
    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'fleet');
    await page.locator('table[data-table="accounts"]').locator('tbody tr[data-row]').first().waitFor();
    await page.locator('[data-filters="accounts"] select[name="status"]').selectOption('disabled');
    await expect.poll(async () => (await rowIds(page, 'accounts')).sort()).toEqual(expected.sort());
    expect(await page.locator('[data-pager="accounts"]').getAttribute('data-shown-page')).toBe('1');
    await page.close();
  });

  it('the search box (q) finds accounts and keys by a piece of their name, in any case', async () => {
    const batch = `needle-${uniqueSuffix()}`;
    await hub.prisma.account.createMany({
      data: [`${batch}-a`, `${batch}-b`, `x-${batch}-c`].map((name) => ({ name })),
    });
    await hub.prisma.account.create({ data: { name: `hay-${uniqueSuffix()}` } });
    const accounts = await hub.prisma.account.findMany({ where: { name: { contains: batch } } });
    const keyLabel = `console ${batch}`;
    await drive.api('POST', '/admin/v1/keys', undefined, {
      kind: 'admin',
      label: keyLabel,
      scopes: ['placement:read'],
    });
    const keys = await hub.prisma.apiKey.findMany({ where: { label: keyLabel } });
    expect(accounts).toHaveLength(3);
    expect(keys).toHaveLength(1);

    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'fleet');
    for (const [table, expected] of [
      ['accounts', accounts],
      ['keys', keys],
    ] as const) {
      await page.locator(`table[data-table="${table}"] tbody tr[data-row]`).first().waitFor();
      const search = page.locator(`[data-filters="${table}"] input[name="q"]`);
      await search.fill(batch.toUpperCase());
      await search.press('Enter');
      await search.blur();
      await expect
        .poll(async () => (await rowIds(page, table)).sort())
        .toEqual(expected.map((row) => row.id).sort());
    }
    await drive.shot(page, 'fleet-search');
    await page.close();
  });

  it('a bad filter value shows the envelope’s code, message and failing field, not rows and not a blank page', async () => {
    const direct = await drive.api<Envelope>('GET', '/admin/v1/backups?accountId=not-a-uuid');
    expect(direct.status).toBe(400);
    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'fleet');
    const section = page.locator('section:has([data-filters="backups"])');
    const accountId = section.locator('input[name="accountId"]');
    await accountId.fill('not-a-uuid');
    await accountId.press('Enter');
    await accountId.blur();
    const error = section.locator('.error');
    await expect.poll(() => error.getAttribute('data-error-code')).toBe(direct.json.error.code);
    expect(await error.textContent()).toContain(direct.json.error.message);
    expect(await error.locator('[data-problems] li').allTextContents()).toEqual([
      expect.stringMatching(/^accountId: /),
    ]);
    expect(await section.locator('tbody tr').count()).toBe(0);
    await drive.shot(page, 'fleet-bad-filter');
    await page.close();
  });

  it('a failed write (an unknown scope) shows the envelope’s code and message beside the form', async () => {
    const body = { kind: 'admin', label: 'bad scope', scopes: ['nowhere:read'] };
    const direct = await drive.api<Envelope>('POST', '/admin/v1/keys', undefined, body);
    expect(direct.status).toBe(400);
    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'fleet');
    const form = page.locator('[data-new-key-form]');
    await form.locator('input[name="label"]').fill(body.label);
    await form.locator('input[name="scopes"]').fill(body.scopes[0]);
    await form.locator('button[name="create-key"]').click();
    const error = form.locator('.error');
    await expect.poll(() => error.getAttribute('data-error-code')).toBe(direct.json.error.code);
    expect(await error.textContent()).toContain(direct.json.error.message);
    expect(await form.locator('[data-new-secret]').count()).toBe(0);
    await page.close();
  });

  it('the regions page shows each region’s live backups, bytes, appliances and bucket readiness; drain counts them', async () => {
    const appliance = await anAppliance(hub.prisma);
    const name = () => `readiness-${uniqueSuffix()}`;
    const probedAt = new Date();
    const [writable] = await Promise.all([
      hub.prisma.bucket.create({
        data: { name: name(), regionCode: 'us-east-1', status: 'ready', writable: true, probedAt },
      }),
      hub.prisma.bucket.create({
        data: { name: name(), regionCode: 'us-east-1', status: 'ready', writable: false, probedAt },
      }),
      hub.prisma.bucket.create({ data: { name: name(), regionCode: 'us-east-1', status: 'pending' } }),
    ]);
    await hub.prisma.backup.create({
      data: {
        applianceId: appliance.applianceId,
        accountId: appliance.accountId,
        regionCode: 'us-east-1',
        bucketId: writable.id,
        prefix: `p-${uniqueSuffix()}`,
        sizeBytes: 5_000_000,
      },
    });
    const stats = (await drive.api<{ regions: RegionStats[] }>('GET', '/admin/v1/stats')).json.regions;
    const east = stats.find((r) => r.code === 'us-east-1')!;
    expect(east.buckets.notWritable).toBeGreaterThan(0);
    expect(east.buckets.pending).toBeGreaterThan(0);
    expect(east.bytes).toBeGreaterThanOrEqual(5_000_000);

    const page = await browser.context.newPage();
    await drive.signedIn(page, undefined, 'regions');
    for (const region of stats) {
      const row = page.locator(`table[data-table="regions"] tr[data-row="${region.code}"]`);
      const { ready, pending, writable: ok, notWritable, unprobed } = region.buckets;
      await expect
        .poll(() => row.locator('[data-buckets]').getAttribute('data-buckets'))
        .toBe(`${ready}/${pending}/${ok}/${notWritable}/${unprobed}`);
      expect(await row.locator('[data-live]').getAttribute('data-live')).toBe(
        `${region.backups}/${region.bytes}/${region.appliances}`,
      );
    }
    expect(await page.locator('tr[data-row="us-east-1"] .bad').textContent()).toMatch(/not writable/);
    // The drain preview counts every live backup of the region (not a page of the backup list).
    await page.locator('button[data-drain-preview="us-east-1"]').click();
    await expect
      .poll(() => page.locator('[data-drain-impact="us-east-1"]').textContent())
      .toContain(`; ${east.backups} live backup(s) stay until migrated`);
    await page.close();
  });
});
