import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey } from '../init/support/fixtures';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';
import { runLandfall } from './run-cli';

describe('landfall migrate (against a running hub)', () => {
  let hub: TestHub;
  let env: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = hub.app.getHttpServer().address() as { port: number };
    env = { LANDFALL_URL: `http://127.0.0.1:${port}`, LANDFALL_ADMIN_KEY: await anAdminKey(hub.prisma) };
  });
  afterAll(async () => hub?.close());

  it('needs an admin key and a target region', async () => {
    const noKey = await runLandfall(['migrate', 'plan', '--to', 'eu-west-1']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/LANDFALL_ADMIN_KEY/);
    const noTarget = await runLandfall(['migrate', 'plan', '--from', 'us-east-1'], env);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/--to/);
  });

  it("fails (exit 1) with the hub's stable error code for a bad plan", async () => {
    const res = await runLandfall(['migrate', 'plan', '--to', 'mars-north-1', '--from', 'us-east-1'], env);
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toMatch(/MIGRATION\.UNKNOWN_REGION/);
  });

  it('plans an empty selection as a 4xx, not a crash', async () => {
    const res = await runLandfall(
      ['migrate', 'plan', '--to', 'eu-west-1', '--account', '00000000-0000-4000-8000-000000000000'],
      env,
    );
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toMatch(/MIGRATION\.EMPTY_SELECTION/);
  });
});
