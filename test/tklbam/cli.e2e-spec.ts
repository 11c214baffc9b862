import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTklbamKey } from '@landfall/tklbam';
import { anAdminKey } from '../init/support/fixtures';
import { runLandfall } from '../cli/run-cli';
import { startTestHub, uniqueSuffix, type TestHub } from '../support/test-hub';
import { TklbamAgent } from './support/tklbam-agent';

// Runs the built CLI (npm run build first) against the hub's admin API, like test/cli.
describe('landfall tklbam keys', () => {
  let hub: TestHub;
  let env: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = hub.app.getHttpServer().address() as { port: number };
    env = { LANDFALL_ADDR: `http://127.0.0.1:${port}`, LANDFALL_TOKEN: await anAdminKey(hub.prisma) };
  });
  afterAll(async () => hub?.close());

  it('prints a TKLBAM API key that the hub then trades for a subkey, audited as an admin action', async () => {
    const account = await hub.prisma.account.create({ data: { name: `cli-tkl-${uniqueSuffix()}` } });
    const result = await runLandfall(
      ['tklbam', 'keys', 'issue', account.id, '-o', 'json', '--label', 'ops'],
      env,
    );
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
    expect(event.actorType).toBe('admin');
    expect(JSON.stringify(event.after)).not.toContain(issued.apiKey);

    // Table output: only the key on stdout (pipeable), the rest on stderr; then it is listed and revocable.
    const plain = await runLandfall(['tklbam', 'keys', 'issue', account.id], env);
    expect(plain.stdout.trim()).toMatch(/^\S+$/);
    expect(parseTklbamKey(plain.stdout.trim())).not.toBeNull();
    const listed = await runLandfall(['tklbam', 'keys', 'list', account.id], env);
    expect(listed.stdout).toMatch(new RegExp(`${issued.id}\\s+${account.id}\\s+${issued.uid}\\s+ops`));
    // A page at a time: by label, "ops" before "tklbam", and the next page's cursor on stderr.
    const paged = await runLandfall(
      ['tklbam', 'keys', 'list', account.id, '--sort', 'label', '--limit', '1'],
      env,
    );
    expect(paged.stdout).toContain(issued.id);
    expect(paged.stdout).not.toMatch(/\btklbam\b/);
    expect(paged.stderr).toMatch(/more: --cursor \S+/);
    const searched = await runLandfall(
      ['tklbam', 'keys', 'list', account.id, '--search', 'OPS', '-o', 'json'],
      env,
    );
    expect(JSON.parse(searched.stdout)).toMatchObject({ items: [{ id: issued.id }], nextCursor: null });
    const revoked = JSON.parse(
      (await runLandfall(['tklbam', 'keys', 'revoke', issued.id, '-o', 'json'], env)).stdout,
    );
    expect(revoked.revokedAt).not.toBeNull();
  });

  it('refuses a malformed account id (usage error) and an unknown account', async () => {
    expect((await runLandfall(['tklbam', 'keys', 'issue', 'nope'], env)).code).toBe(2);
    const unknown = await runLandfall(
      ['tklbam', 'keys', 'issue', '00000000-0000-4000-8000-000000000000'],
      env,
    );
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('ACCOUNT.NOT_FOUND');
  });
});
