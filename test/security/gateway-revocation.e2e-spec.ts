import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { agentS3, gatewayOrSkip, startInitHub, statusOf } from '../init/support/init-hub';
import { initIssued, raw, type Issued } from './support/gateway-agent';

const gateway = gatewayOrSkip();

describe.skipIf(!gateway)('tenant isolation on the real gateway: revocation (default configuration)', () => {
  let hub: TestHub;
  let alice: Issued;

  beforeAll(async () => {
    hub = await startInitHub();
    alice = await initIssued(hub, await anAppliance(hub.prisma));
  });
  afterAll(async () => hub?.close());

  it('credentials issued before an appliance is disabled stop working as soon as the disable call returns', async () => {
    const c = await anAppliance(hub.prisma);
    const carol = await initIssued(hub, c);
    const s3 = agentS3(carol.endpoint, carol.region, carol.creds);
    const key = `${carol.prefix}/before`;
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: carol.bucket, Key: key, Body: 'x' })))).toBe(
      200,
    );
    const adminKey = await anAdminKey(hub.prisma);
    const disabled = await hub.app.inject({
      method: 'POST',
      url: `/admin/v1/appliances/${c.applianceId}/disable`,
      headers: bearer(adminKey),
      payload: {},
    });
    expect(disabled.statusCode).toBe(200);
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: carol.bucket, Key: key, Body: 'y' })))).toBe(
      403,
    );
    expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: carol.bucket, Key: key })))).toBe(403);
    expect(
      (await raw(carol.creds, 's3', carol.endpoint, carol.region, 'GET', `/${carol.bucket}/${key}`)).status,
    ).toBe(403);
    // Other tenants are untouched.
    const s3a = agentS3(alice.endpoint, alice.region, alice.creds);
    expect(
      await statusOf(
        s3a.send(new PutObjectCommand({ Bucket: alice.bucket, Key: `${alice.prefix}/after`, Body: 'x' })),
      ),
    ).toBe(200);
    // A disabled appliance gets no credentials (cached or new).
    const again = await hub.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: bearer(c.key),
      payload: {},
    });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
  });

  it('credentials issued before an account is disabled stop working; after re-enabling, fresh ones work', async () => {
    const d = await anAppliance(hub.prisma);
    const dave = await initIssued(hub, d);
    const s3 = agentS3(dave.endpoint, dave.region, dave.creds);
    const key = `${dave.prefix}/k`;
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: dave.bucket, Key: key, Body: 'x' })))).toBe(
      200,
    );
    const adminKey = await anAdminKey(hub.prisma);
    const call = (action: string) =>
      hub.app.inject({
        method: 'POST',
        url: `/admin/v1/accounts/${d.accountId}/${action}`,
        headers: bearer(adminKey),
        payload: {},
      });
    expect((await call('disable')).statusCode).toBe(200);
    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: dave.bucket, Key: key, Body: 'y' })))).toBe(
      403,
    );
    expect((await call('enable')).statusCode).toBe(200);
    // The revocation is by token issue time: a credential minted after it (a second later at most) works.
    let fresh: Issued | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = await initIssued(hub, d);
      const status = await statusOf(
        agentS3(candidate.endpoint, candidate.region, candidate.creds).send(
          new PutObjectCommand({ Bucket: candidate.bucket, Key: key, Body: 'z' }),
        ),
      );
      if (status === 200) {
        fresh = candidate;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(fresh, 'fresh credentials after re-enabling').toBeDefined();
    expect(fresh!.creds.accessKeyId).not.toBe(dave.creds.accessKeyId);
    expect(
      await statusOf(s3.send(new PutObjectCommand({ Bucket: dave.bucket, Key: key, Body: 'old' }))),
    ).toBe(403);
  });
});
