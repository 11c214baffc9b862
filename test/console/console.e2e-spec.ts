import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_PERMISSIONS } from '@landfall/identity';
import { PlacementStateService } from '@landfall/placement';
import { consoleDirectory } from '../../apps/hub/src/console';
import { anAdminKey } from '../init/support/fixtures';
import { freePort } from '../support/hub-process';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';
import { CHROMIUM, CHROMIUM_FLAGS, consoleAt, launchBrowser, SCREENS, type TestBrowser } from './browser';
import { aMigrationMidCopy } from './support/migration-fixture';

interface MapBody {
  entries: { code: string; regions: string[]; source: string }[];
  regions: { code: string }[];
}

const OVERRIDE_SCOPE = 'PT';
const READ_ONLY = ADMIN_PERMISSIONS.filter((p) => p.endsWith(':read'));

/** What shows once a page has its data (keys, regions, the migration and audit rows exist by then). */
const PAGE_READY: Record<string, string> = {
  regions: 'tr[data-row]',
  fleet: 'table[data-table="keys"] tr[data-row]',
  migrations: 'tr[data-row]',
  audit: 'tr[data-row]',
  placement: '[data-explain-form]',
};

describe.skipIf(!inject('gateway'))('the console in a real browser', () => {
  let hub: TestHub;
  let url: string;
  let adminKey: string;
  let browser: TestBrowser;
  let api: ReturnType<typeof consoleAt>['api'];
  let signedIn: ReturnType<typeof consoleAt>['signedIn'];
  let shot: ReturnType<typeof consoleAt>['shot'];

  beforeAll(async () => {
    // `npm test` builds it first (pretest); a hub without dist/console has no /console to drive.
    if (!consoleDirectory()) throw new Error('dist/console is missing: run `npm run build` first');
    mkdirSync(SCREENS, { recursive: true });
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    await hub.prisma.indexOverride.deleteMany({ where: { scope: OVERRIDE_SCOPE } });
    await hub.app.get(PlacementStateService).rebuild();
    const port = await freePort();
    await hub.app.listen({ host: '127.0.0.1', port });
    url = `http://127.0.0.1:${port}`;
    adminKey = await anAdminKey(hub.prisma);
    browser = await launchBrowser();
    ({ api, signedIn, shot } = consoleAt(url, adminKey));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.prisma.indexOverride.deleteMany({ where: { scope: OVERRIDE_SCOPE } });
    await hub?.close();
  });

  it('signs in with a key in the fragment, then removes it from the address bar; a bad key shows the envelope', async () => {
    const page = await browser.context.newPage();
    await signedIn(page);
    expect(page.url()).toBe(`${url}/console/#/map`);
    // Strings, not functions: this file compiles without the DOM library; the page has it.
    expect(await page.evaluate("sessionStorage.getItem('landfall.console.key')")).toBe(adminKey);
    await page.evaluate('sessionStorage.clear()');

    await page.goto(`${url}/console/`);
    await page.locator('input[name="key"]').fill('lf_adm_notakey000_notasecret');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('.error').getAttribute('data-error-code')).toMatch(/^AUTH\./);
    await shot(page, 'sign-in-error');
    await page.close();
  });

  it('draws one element per index entry, coloured by its first-choice region as the legend says', async () => {
    const map = (await api<MapBody>('GET', '/admin/v1/placement/map')).json;
    const page = await browser.context.newPage();
    await signedIn(page);
    await page.locator('[data-index-code]').first().waitFor();
    const drawn = await page.evaluate<{ code: string; region: string; fill: string }[]>(
      `[...document.querySelectorAll('[data-index-code]')].map((e) => ({
        code: e.getAttribute('data-index-code'),
        region: e.getAttribute('data-region'),
        fill: e.getAttribute('fill'),
      }))`,
    );
    const legend = new Map(
      await page.evaluate<[string, string][]>(
        `[...document.querySelectorAll('[data-legend-region]')].map((i) => [
          i.getAttribute('data-legend-region'),
          i.getAttribute('data-colour'),
        ])`,
      ),
    );
    expect(drawn.map((d) => d.code).sort()).toEqual(map.entries.map((e) => e.code).sort());
    expect([...legend.keys()].sort()).toEqual(map.regions.map((r) => r.code).sort());
    expect(new Set(legend.values()).size).toBe(legend.size);
    const byCode = new Map(map.entries.map((e) => [e.code, e]));
    const wrong = drawn.filter(
      (d) => d.region !== byCode.get(d.code)?.regions[0] || d.fill !== legend.get(d.region),
    );
    expect(wrong).toEqual([]);
    // Both kinds are on the map: US states as shapes, other subdivisions (GB-ENG …) as markers.
    expect(await page.locator('path[data-index-code="US-CA"]').count()).toBe(1);
    expect(await page.locator('[data-region-marker]').count()).toBe(map.regions.length);
    await page.locator('path[data-index-code="FR"]').dispatchEvent('mouseenter');
    await expect
      .poll(() => page.locator('[data-details="FR"] [data-ordered-regions] li').allTextContents())
      .toEqual(byCode.get('FR')!.regions.map((r) => ` ${r}`));
    await shot(page, 'map');
    await page.close();
  });

  it('previews an override from the map, applies it, and the map changes', async () => {
    const page = await browser.context.newPage();
    await signedIn(page);
    const area = page.locator(`[data-index-code="${OVERRIDE_SCOPE}"]`);
    const before = await area.getAttribute('data-region');
    const target = before === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
    await area.dispatchEvent('click');
    const form = page.locator('[data-override-form]');
    await form.locator('select[name="region"]').selectOption(target);
    await form.locator('input[name="reason"]').fill('console test: peering');
    await form.locator('button[name="preview"]').click();
    await page.locator(`[data-preview] [data-changed-entry="${OVERRIDE_SCOPE}"]`).waitFor();
    await shot(page, 'map-override-preview');
    expect(await hub.prisma.indexOverride.count({ where: { scope: OVERRIDE_SCOPE } })).toBe(0);

    await form.locator('button[name="apply"]').click();
    await expect.poll(() => area.getAttribute('data-region'), { timeout: 10_000 }).toBe(target);
    expect(await area.getAttribute('data-source')).toBe('override');
    await expect
      .poll(() => page.locator(`[data-details="${OVERRIDE_SCOPE}"] [data-source]`).textContent())
      .toBe('override');
    const map = (await api<MapBody>('GET', '/admin/v1/placement/map')).json;
    expect(map.entries.find((e) => e.code === OVERRIDE_SCOPE)).toMatchObject({ source: 'override' });
    await page.close();
  });

  it('creates an admin key (its secret shown once) and revokes it', async () => {
    const page = await browser.context.newPage();
    await signedIn(page, adminKey, 'fleet');
    const form = page.locator('[data-new-key-form]');
    await form.locator('input[name="label"]').fill(`console ${uniqueSuffix()}`);
    await form.locator('input[name="scopes"]').fill('placement:read regions:read');
    await form.locator('button[name="create-key"]').click();
    const secret = (await page.locator('[data-new-secret] code').textContent())!;
    expect(secret).toMatch(/^lf_adm_/);
    expect((await api<{ scopes: string[] }>('GET', '/admin/v1/keys/self', secret)).status).toBe(403);
    expect((await api('GET', '/admin/v1/placement/map', secret)).status).toBe(200);
    await shot(page, 'fleet');

    const prefix = secret.split('_')[2];
    await page.locator(`button[data-revoke="${prefix}"]`).click();
    await expect
      .poll(() =>
        page.locator(`tr:has([data-key-prefix="${prefix}"]) [data-revoked]`).getAttribute('data-revoked'),
      )
      .toBe('yes');
    const refused = await api<{ error: { code: string } }>('GET', '/admin/v1/placement/map', secret);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('AUTH.REVOKED_KEY');
    await page.close();
  });

  it('shows a running migration’s progress as it moves', async () => {
    const { migration, itemId } = await aMigrationMidCopy(hub.prisma);

    const page = await browser.context.newPage();
    await signedIn(page, adminKey, 'migrations');
    const progress = page.locator(`tr[data-row="${migration.id}"] [data-progress-objects]`);
    await expect.poll(() => progress.getAttribute('data-progress-objects')).toBe('0/4');
    await hub.prisma.migrationObject.updateMany({
      where: { itemId, key: { in: ['obj-0', 'obj-1'] } },
      data: { state: 'copied' },
    });
    await expect.poll(() => progress.getAttribute('data-progress-objects'), { timeout: 10_000 }).toBe('2/4');
    await shot(page, 'migrations');
    await page.close();
  });

  it('a read-only key sees no write control, and the API refuses its writes', async () => {
    const readOnly = await anAdminKey(hub.prisma, READ_ONLY);
    const page = await browser.context.newPage();
    await signedIn(page, readOnly);
    await page.locator('[data-index-code="DE"]').dispatchEvent('click');
    await page.locator('[data-details="DE"]').waitFor();
    expect(await page.locator('[data-override-form]').count()).toBe(0);
    for (const [route, ready] of Object.entries(PAGE_READY)) {
      await page.goto(`${url}/console/#/${route}`);
      await page.locator(`main[data-page="${route}"] ${ready}`).first().waitFor();
      expect(await page.locator('main form:not([data-filters]):not([data-explain-form])').count()).toBe(0);
      expect(
        await page
          .locator(
            'main button[data-revoke], main button[data-cancel], main button[data-drain-preview], main button[data-accept]',
          )
          .count(),
      ).toBe(0);
      await shot(page, `read-only-${route}`);
    }
    const refused = await api<{ error: { code: string } }>('POST', '/admin/v1/overrides', readOnly, {
      scope: 'FR',
      region: 'us-east-1',
      reason: 'read-only must not write',
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('AUTH.MISSING_PERMISSION');
    const revoke = await api<{ error: { code: string } }>('POST', '/admin/v1/keys', readOnly, {
      kind: 'admin',
      label: 'nope',
      scopes: ['admin'],
    });
    expect(revoke.status).toBe(403);
    await page.close();
  });

  it('takes a screenshot of every page; the drain preview says what draining would move', async () => {
    const page = await browser.context.newPage();
    await signedIn(page, adminKey, 'regions');
    await page.locator('button[data-drain-preview="eu-west-1"]').click();
    await expect
      .poll(() => page.locator('[data-drain-impact="eu-west-1"]').textContent())
      .toMatch(/index entries move to their next region/);
    await shot(page, 'regions');
    for (const [route, ready] of Object.entries(PAGE_READY)) {
      if (route === 'regions') continue;
      await page.goto(`${url}/console/#/${route}`);
      await page.locator(`main[data-page="${route}"] ${ready}`).first().waitFor();
      if (route === 'placement') {
        await page.locator('input[name="ip"]').fill('81.2.69.142');
        await page.locator('[data-explain-form] button').click();
        await page.locator('[data-decision]').waitFor();
        await page.locator('[data-accuracy]').waitFor();
      }
      await shot(page, route);
    }
    expect(await hub.prisma.region.count({ where: { code: 'eu-west-1', status: 'active' } })).toBe(1);
    await page.close();
  });

  it('`chromium --dump-dom` of #/map?key=… lists a data-index-code element per index entry', async () => {
    const map = (await api<MapBody>('GET', '/admin/v1/placement/map')).json;
    const profile = mkdtempSync(path.join(tmpdir(), 'landfall-dump-'));
    try {
      const dom = await new Promise<string>((resolve, reject) => {
        const child = spawn(CHROMIUM, [
          ...CHROMIUM_FLAGS,
          `--user-data-dir=${profile}`,
          '--virtual-time-budget=15000',
          '--dump-dom',
          `${url}/console/#/map?key=${adminKey}`,
        ]);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('exit', () => resolve(out));
      });
      const codes = new Set([...dom.matchAll(/data-index-code="([^"]+)"/g)].map((m) => m[1]));
      expect(map.entries.filter((e) => !codes.has(e.code)).map((e) => e.code)).toEqual([]);
      expect(dom).not.toContain(adminKey);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
