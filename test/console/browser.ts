import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded build), headless, with everything that phones home switched off. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile directory per launch (Playwright passes it to Chromium as --user-data-dir). */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'landfall-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots for the closing note go (outside the repository; not committed). */
export const SCREENS = process.env.LANDFALL_SCREENS_DIR ?? path.join(tmpdir(), 'landfall-screens');

export interface ApiAnswer<T> {
  status: number;
  json: T;
}

/** A hub's console and admin API as a browser test drives them: sign in, screenshot, call the API directly. */
export function consoleAt(url: string, adminKey: string) {
  return {
    async api<T>(method: string, route: string, key = adminKey, body?: unknown): Promise<ApiAnswer<T>> {
      const res = await fetch(`${url}${route}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as T };
    },
    /** Signs in through the fragment (`#/route?key=…`) and waits for the page to render. */
    async signedIn(page: Page, key = adminKey, route = 'map'): Promise<void> {
      await page.goto(`${url}/console/#/${route}?key=${encodeURIComponent(key)}`);
      await page.locator(`main[data-page="${route}"]`).waitFor();
    },
    async shot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
    },
  };
}
