import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTklbamKey } from '@landfall/tklbam';
import { runLandfall } from '../cli/run-cli';
import { startTestHub, uniqueSuffix, type TestHub } from '../support/test-hub';
import { TklbamAgent } from './support/tklbam-agent';

// Runs the built CLI (npm run build first), like test/cli.
describe('landfall tklbam key issue', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub?.close());

  it('prints a TKLBAM API key that the hub then trades for a subkey, audited as a CLI action', async () => {
    const account = await hub.prisma.account.create({ data: { name: `cli-tkl-${uniqueSuffix()}` } });
    const result = await runLandfall(['tklbam', 'key', 'issue', account.id, '--json', '--label', 'ops']);
    expect(result.code).toBe(0);
    const issued = JSON.parse(result.stdout);
    expect(issued).toMatchObject({ accountId: account.id, label: 'ops', uid: expect.any(Number) });
    expect(parseTklbamKey(issued.apiKey)!.uid).toBe(issued.uid);

    const answer = await TklbamAgent.of(hub).request<{ subkey: string }>('GET', 'subkey/', {
      apikey: issued.apiKey,
    });
    expect(answer.status).toBe(200);
    const event = await hub.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'tklbam.key.issue', targetId: issued.id },
    });
    expect(event.actorType).toBe('cli');
    expect(JSON.stringify(event.after)).not.toContain(issued.apiKey);
  });

  it('refuses a malformed account id (usage error) and an unknown account', async () => {
    expect((await runLandfall(['tklbam', 'key', 'issue', 'nope'])).code).toBe(2);
    const unknown = await runLandfall(['tklbam', 'key', 'issue', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('ACCOUNT.NOT_FOUND');
  });
});
