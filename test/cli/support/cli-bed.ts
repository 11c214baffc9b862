import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startEmbeddedHub, type EmbeddedHub } from '../../support/embedded-hub';

/** 81.2.69.142 is in London in the bundled DB-IP database: GB / GB-ENG, nearest AWS region eu-west-2. */
export const LONDON_IP = '81.2.69.142';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A hub started as the README says (embedded PostgreSQL, local S3 store, AWS regions), the CLI's env, a temp dir. */
export interface CliBed {
  hub: EmbeddedHub;
  env: Record<string, string>;
  dir: string;
}

export async function startCliBed(): Promise<CliBed> {
  const hub = await startEmbeddedHub();
  const env = { LANDFALL_ADDR: hub.url, LANDFALL_TOKEN: hub.adminKey };
  const dir = await mkdtemp(path.join(tmpdir(), 'landfall-cli-'));
  return { hub, env, dir };
}

/** Stops the hub (it must exit 0) and removes the temp dir. */
export async function stopCliBed(bed: CliBed | undefined): Promise<void> {
  if (bed?.hub) expect(await bed.hub.stop()).toBe(0);
  if (bed?.dir) await rm(bed.dir, { recursive: true, force: true });
}
