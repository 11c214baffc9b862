import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GeoIpService } from './geoip.service';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'geoip');

describe(GeoIpService.name, () => {
  let dir: string;
  let file: string;
  let sut: GeoIpService;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'geoip-unit-'));
    file = path.join(dir, 'city.mmdb');
    await copyFile(path.join(FIXTURES, 'city-a.mmdb'), file);
    // A long interval: the test drives poll() itself.
    sut = await GeoIpService.open([file], 3_600_000);
  });
  afterEach(async () => {
    sut.onModuleDestroy();
    await rm(dir, { recursive: true, force: true });
  });

  async function replace(contents: Buffer): Promise<void> {
    await writeFile(`${file}.tmp`, contents);
    await rename(`${file}.tmp`, file);
  }

  it('reads the GeoIP2 City shape', () => {
    expect(sut.locate('81.2.69.142')).toMatchObject({
      countryCode: 'GB',
      subdivisionCode: 'GB-ENG',
      accuracyRadiusKm: 20,
    });
    expect(sut.locate('2a02:db8::1')).toMatchObject({ countryCode: 'GB' });
    expect(sut.locate('8.8.8.8').countryCode).toBeNull();
  });

  it('swaps in a replaced file once it has stopped changing', async () => {
    await replace(await readFile(path.join(FIXTURES, 'city-b.mmdb')));
    await sut.poll();
    expect(sut.locate('81.2.69.142').countryCode).toBe('GB');
    await sut.poll();
    expect(sut.locate('81.2.69.142')).toMatchObject({ countryCode: 'US', subdivisionCode: 'US-NY' });
    expect(sut.status()).toMatchObject({ reloads: 1, rejectedReloads: 0 });
  });

  it.each([
    ['truncated', (good: Buffer) => good.subarray(0, good.length >> 1)],
    ['garbage', (good: Buffer) => Buffer.alloc(good.length, 0x5a)],
    ['empty', () => Buffer.alloc(0)],
  ])('rejects a %s file and keeps serving the last good one', async (_kind, corrupt) => {
    await replace(corrupt(await readFile(path.join(FIXTURES, 'city-b.mmdb'))));
    await sut.poll();
    await sut.poll();
    expect(sut.locate('81.2.69.142').countryCode).toBe('GB');
    expect(sut.status()).toMatchObject({
      reloads: 0,
      rejectedReloads: 1,
      lastRejection: { reason: expect.any(String) },
    });
  });
});
