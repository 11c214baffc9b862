import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey } from '../init/support/fixtures';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';
import { runLandfall } from './run-cli';

describe('landfall migrations (against a running hub)', () => {
  let hub: TestHub;
  let env: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = hub.app.getHttpServer().address() as { port: number };
    env = { LANDFALL_ADDR: `http://127.0.0.1:${port}`, LANDFALL_TOKEN: await anAdminKey(hub.prisma) };
  });
  afterAll(async () => hub?.close());

  it('needs an admin key, a target region and a selection (usage errors, exit 2)', async () => {
    const noKey = await runLandfall(['migrate', 'plan', '--to', 'eu-west-1', '--from', 'us-east-1'], {
      LANDFALL_ADDR: env.LANDFALL_ADDR,
    });
    expect(noKey).toMatchObject({ code: 2, stdout: '' });
    expect(noKey.stderr).toMatch(/CLI\.NO_TOKEN.*LANDFALL_TOKEN/);
    const noTarget = await runLandfall(['migrate', 'plan', '--from', 'us-east-1'], env);
    expect(noTarget).toMatchObject({ code: 2, stdout: '' });
    expect(noTarget.stderr).toMatch(/--to/);
    const noSelection = await runLandfall(['migrate', 'plan', '--to', 'eu-west-1'], env);
    expect(noSelection).toMatchObject({ code: 2, stdout: '' });
    expect(noSelection.stderr).toMatch(/--backups, --from, --account/);
  });

  it("fails (exit 1) with the hub's stable error code on stderr for a bad plan", async () => {
    const res = await runLandfall(['migrate', 'plan', '--to', 'mars-north-1', '--from', 'us-east-1'], env);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toMatch(/^landfall: MIGRATION\.UNKNOWN_REGION: /);
  });

  it('plans an empty selection as a 4xx, not a crash', async () => {
    const res = await runLandfall(
      ['migrate', 'plan', '--to', 'eu-west-1', '--account', '00000000-0000-4000-8000-000000000000'],
      env,
    );
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toMatch(/^landfall: MIGRATION\.EMPTY_SELECTION: /);
  });

  it('refuses to cancel an unknown migration with the hub’s code (cancel sends no JSON content type)', async () => {
    const res = await runLandfall(['migrate', 'cancel', '00000000-0000-4000-8000-000000000000'], env);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toBe('landfall: MIGRATION.NOT_FOUND: No such migration\n');
  });
});
