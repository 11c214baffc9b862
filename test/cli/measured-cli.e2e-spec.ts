import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey } from '../init/support/fixtures';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';
import { runLandfall } from './run-cli';

const HEADER = 'latitude,longitude,country,subdivision,region,rtt_ms,samples';

/** `landfall latency import` and `landfall resolve --batch` against a hub process (the built `npm start`). */
describe('measured placement from the command line', () => {
  let db: TestHub;
  let hub: HubProcess;
  let env: Record<string, string>;
  const dir = mkdtempSync(path.join(tmpdir(), 'landfall-measured-cli-'));

  beforeAll(async () => {
    db = await startTestHub();
    await useGatewayRegions(db.prisma);
    await db.prisma.latencySample.deleteMany({});
    await db.app.get(PlacementStateService).rebuild();
    hub = await startHubProcess();
    env = { LANDFALL_ADDR: hub.url, LANDFALL_TOKEN: await anAdminKey(db.prisma) };
  });
  afterAll(async () => {
    await db?.prisma.latencySample.deleteMany({});
    await hub?.stop();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports all or nothing, and resolve --batch prints the live decision as CSV', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${HEADER}\n-33.92,18.42,ZA,,us-east-1,190,10\n-33.92,18.42,ZA,ZA-ZZ,us-east-1,190,10\n`,
    );
    const refused = await runLandfall(['latency', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/LATENCY\.INVALID_IMPORT/);
    expect(refused.stderr).toMatch(/line 3: unknown subdivision "ZA-ZZ"/);
    expect(await db.prisma.latencySample.count()).toBe(0);

    // Cape Town: Dublin by geography; the imported measurements say Virginia is faster.
    const good = path.join(dir, 'good.csv');
    const places = [
      [-33.92, 18.42],
      [-33.96, 18.6],
      [-34.05, 18.47],
    ];
    writeFileSync(
      good,
      [
        HEADER,
        ...places.flatMap(([la, lo]) => [
          `${la},${lo},ZA,,us-east-1,190,10`,
          `${la},${lo},ZA,,eu-west-1,400,10`,
        ]),
      ].join('\n'),
    );
    const imported = await runLandfall(['latency', 'import', good], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^imported 6 rows \(60 samples\), batch [0-9a-f-]{36}\n$/);

    const batch = path.join(dir, 'places.csv');
    writeFileSync(
      batch,
      'id,latitude,longitude,country,subdivision\ncape-town,-33.93,18.45,ZA,\nlondon,51.51,-0.13,GB,GB-ENG\n',
    );
    const resolved = await runLandfall(['resolve', '--batch', batch], env);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toBe(
      'id,region,signal,candidates\ncape-town,us-east-1,measured,us-east-1 eu-west-1\nlondon,eu-west-1,geoip-subdivision,eu-west-1 us-east-1\n',
    );
    const one = await runLandfall(['resolve', '--location', '-33.93,18.45,ZA'], env);
    expect(one.stdout).toBe(
      'id,region,signal,candidates\n"-33.93,18.45,ZA",us-east-1,measured,us-east-1 eu-west-1\n',
    );

    // Three Cape Town places cover too little of South Africa for a suggestion: the list is an empty page.
    const suggestions = await runLandfall(['index', 'suggestions', '-o', 'json'], env);
    expect(suggestions.code, suggestions.stderr).toBe(0);
    expect(JSON.parse(suggestions.stdout)).toEqual({ items: [], nextCursor: null });
    const table = await runLandfall(['index', 'suggestions', '--sort', 'scope', '--limit', '1'], env);
    expect(table).toMatchObject({ code: 0, stdout: 'No suggestions: measurements agree with the index.\n' });
    const unknownSort = await runLandfall(['index', 'suggestions', '--sort', 'coverage'], env);
    expect(unknownSort.code).toBe(1);
    expect(unknownSort.stderr).toMatch(/REQUEST\.INVALID/);
  });

  it('placement accuracy prints the hub’s answer as a table, JSON or YAML', async () => {
    const json = await runLandfall(['placement', 'accuracy', '--days', '3', '-o', 'json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      windowDays: 3,
      placements: expect.any(Number),
      byRegion: expect.any(Array),
      byCountry: expect.any(Array),
    });
    const yaml = await runLandfall(['placement', 'accuracy', '-o', 'yaml'], env);
    expect(yaml.stdout).toMatch(/^windowDays: 7$/m);
    const table = await runLandfall(['placement', 'accuracy'], env);
    expect(table.stdout).toMatch(/^SCOPE\s+PLACEMENTS\s+NEAR-BEST\s+MEAN EXCESS MS\s+TRIMMED MS$/m);
    expect(table.stdout).toMatch(/^all\s+\d+\s/m);
    const bad = await runLandfall(['placement', 'accuracy', '--days', '0'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/days must be 1\.\.365/);
  });
});
