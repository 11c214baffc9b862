import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { uniqueSuffix } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer, type ApplianceFixture } from './support/fixtures';
import { agentS3, gatewayOrSkip, postInit, startInitHub, statusOf, type InitBody } from './support/init-hub';

const gateway = gatewayOrSkip();

describe.skipIf(!gateway)('POST /v1/init against the real Ceph gateway', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startInitHub();
  });
  afterAll(async () => hub?.close());

  const init = (a: ApplianceFixture, payload: object = {}, headers: Record<string, string> = {}) =>
    postInit(hub, a, payload, headers);

  it('creates the backup in the placed region and returns scoped credentials', async () => {
    const a = await anAppliance(hub.prisma);
    const res = await init(a);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const { backup, credentials, placement } = body;
    expect(backup.region).toBe('us-east-1');
    expect(backup.prefix).toBe(`${a.accountId}/${backup.id}`);
    expect(backup.address).toBe(`s3://${backup.bucket}/${backup.prefix}`);
    expect(backup.endpoint).toBe(gateway!.regions.find((r) => r.code === 'us-east-1')!.endpoint);
    // Probes: the backup's region first, then the other candidates, each at its S3 endpoint (docs/agents-latency.md).
    expect(body.probes).toEqual(
      placement.candidates.map((region: string) => ({
        region,
        url: gateway!.regions.find((r) => r.code === region)!.endpoint,
        method: 'https-head',
        attempts: 5,
      })),
    );
    expect(credentials).toEqual({
      accessKeyId: expect.any(String),
      secretAccessKey: expect.any(String),
      sessionToken: expect.any(String),
      expiration: expect.any(String),
    });
    expect(new Date(credentials.expiration).getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(placement).toMatchObject({ region: 'us-east-1', signal: 'weighted-fallback' });

    const bucket = await hub.prisma.bucket.findUniqueOrThrow({ where: { name: backup.bucket } });
    expect(bucket).toMatchObject({ status: 'ready', regionCode: 'us-east-1' });
    expect(bucket.readyAt).toBeInstanceOf(Date);
  });

  it('returns the same backup on every later init (sticky), with cached credentials', async () => {
    const a = await anAppliance(hub.prisma);
    const first = (await init(a)).json();
    const second = (await init(a, { regionHint: 'eu-west-1' })).json();
    expect(second.backup).toEqual(first.backup);
    expect(second.placement.signal).toBe('existing-backup');
    expect(second.credentials.accessKeyId).toBe(first.credentials.accessKeyId);
    expect(await hub.prisma.backup.count({ where: { applianceId: a.applianceId } })).toBe(1);
  });

  describe('the credentials', () => {
    let a: ApplianceFixture;
    let aBody: InitBody;
    let bBody: InitBody;
    let s3: S3Client;

    beforeAll(async () => {
      a = await anAppliance(hub.prisma);
      const b = await anAppliance(hub.prisma);
      aBody = (await init(a)).json();
      bBody = (await init(b)).json();
      expect(bBody.backup.bucket).toBe(aBody.backup.bucket);
      s3 = agentS3(aBody.backup.endpoint, aBody.backup.region, aBody.credentials);
      // B writes its own object, so there is something of B's to try to read.
      const bS3 = agentS3(bBody.backup.endpoint, bBody.backup.region, bBody.credentials);
      await bS3.send(
        new PutObjectCommand({ Bucket: bBody.backup.bucket, Key: `${bBody.backup.prefix}/b.txt`, Body: 'b' }),
      );
    });

    it("write, read and list under A's own prefix", async () => {
      const { bucket, prefix } = aBody.backup;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/dir/file.txt`, Body: 'hello' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/dir/file.txt` }));
      expect(await got.Body!.transformToString()).toBe('hello');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual([`${prefix}/dir/file.txt`]);
    });

    it("get 403 on B's prefix: list, read and write", async () => {
      const { bucket, prefix } = bBody.backup;
      expect(
        await statusOf(s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }))),
      ).toBe(403);
      expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/b.txt` })))).toBe(
        403,
      );
      expect(
        await statusOf(
          s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/evil.txt`, Body: 'x' })),
        ),
      ).toBe(403);
    });

    it('get 403 on the bucket root, on account-level prefixes, on other buckets and on creating buckets', async () => {
      const { bucket } = aBody.backup;
      expect(await statusOf(s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe(403);
      expect(
        await statusOf(
          s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${a.accountId}/x.txt`, Body: 'x' })),
        ),
      ).toBe(403);
      const other = `lf-other-${uniqueSuffix()}`;
      const hubS3 = new S3Client({
        endpoint: aBody.backup.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: gateway!.hub,
      });
      await hubS3.send(new CreateBucketCommand({ Bucket: other }));
      expect(
        await statusOf(
          s3.send(new PutObjectCommand({ Bucket: other, Key: `${aBody.backup.prefix}/x`, Body: 'x' })),
        ),
      ).toBe(403);
      expect(await statusOf(s3.send(new ListObjectsV2Command({ Bucket: other })))).toBe(403);
      expect(await statusOf(s3.send(new CreateBucketCommand({ Bucket: `lf-new-${uniqueSuffix()}` })))).toBe(
        403,
      );
    });

    it('refreshed credentials (POST /v1/backups/{id}/credentials) work too', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: `/v1/backups/${aBody.backup.id}/credentials`,
        headers: bearer(a.key),
      });
      expect(res.statusCode).toBe(200);
      const { backup, credentials } = res.json();
      expect(backup).toEqual(aBody.backup);
      const refreshed = agentS3(backup.endpoint, backup.region, credentials);
      await refreshed.send(
        new PutObjectCommand({ Bucket: backup.bucket, Key: `${backup.prefix}/after-refresh.txt`, Body: 'r' }),
      );
    });
  });

  it('places by region hint in the second region, bucket and credentials there', async () => {
    const a = await anAppliance(hub.prisma);
    const res = await init(a, { regionHint: 'eu-west-1' });
    expect(res.statusCode).toBe(200);
    const { backup, credentials } = res.json();
    expect(backup.region).toBe('eu-west-1');
    expect(backup.endpoint).toBe(gateway!.regions.find((r) => r.code === 'eu-west-1')!.endpoint);
    const s3 = agentS3(backup.endpoint, backup.region, credentials);
    await s3.send(
      new PutObjectCommand({ Bucket: backup.bucket, Key: `${backup.prefix}/eu.txt`, Body: 'eu' }),
    );
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body', async () => {
      const a = await anAppliance(hub.prisma);
      const first = await init(a, { agentVersion: '1.0' }, { 'idempotency-key': 'run-1' });
      const again = await init(a, { agentVersion: '1.0' }, { 'idempotency-key': 'run-1' });
      expect(first.statusCode).toBe(200);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
    });

    it('refuses the same key with a different body: 409 IDEMPOTENCY.KEY_REUSED', async () => {
      const a = await anAppliance(hub.prisma);
      await init(a, { agentVersion: '1.0' }, { 'idempotency-key': 'run-2' });
      const res = await init(a, { agentVersion: '2.0' }, { 'idempotency-key': 'run-2' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    });

    it('keeps keys per appliance', async () => {
      const a = await anAppliance(hub.prisma);
      const b = await anAppliance(hub.prisma);
      const ra = (await init(a, {}, { 'idempotency-key': 'same' })).json();
      const rb = (await init(b, {}, { 'idempotency-key': 'same' })).json();
      expect(ra.backup.id).not.toBe(rb.backup.id);
    });

    it('rejects a malformed or oversized key with 400', async () => {
      const a = await anAppliance(hub.prisma);
      for (const key of ['has space', 'k'.repeat(300)]) {
        const res = await init(a, {}, { 'idempotency-key': key });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('IDEMPOTENCY.INVALID_KEY');
      }
    });
  });

  describe('bad input', () => {
    it('rejects unknown fields and bad region hints with 400 REQUEST.INVALID', async () => {
      const a = await anAppliance(hub.prisma);
      for (const payload of [{ surprise: 1 }, { regionHint: 'EU WEST' }]) {
        const res = await init(a, payload);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('REQUEST.INVALID');
      }
    });

    it('accepts an init with no body at all', async () => {
      const a = await anAppliance(hub.prisma);
      const res = await hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key) });
      expect(res.statusCode).toBe(200);
    });

    it('refuses an admin key on /v1/init with 403 AUTH.WRONG_KEY_KIND', async () => {
      const admin = await anAdminKey(hub.prisma);
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/init',
        headers: bearer(admin),
        payload: {},
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH.WRONG_KEY_KIND');
    });
  });

  it('audits every init and credential issue, with no secret in the trail', async () => {
    const a = await anAppliance(hub.prisma);
    const { backup, credentials } = (await init(a)).json();
    await init(a);
    const events = await hub.prisma.auditEvent.findMany({
      where: { targetId: backup.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual(['credentials.issue', 'backup.init', 'backup.init']);
    expect(events[1]).toMatchObject({
      actorType: 'appliance',
      // one actor id convention (issue 11): the key's id, with its visible prefix beside it
      actorId: a.keyId,
      actorKeyPrefix: a.key.split('_')[2],
      sourceIp: '127.0.0.1',
      after: expect.objectContaining({
        region: 'us-east-1',
        placementSignal: 'weighted-fallback',
        credentialExpiration: credentials.expiration,
        created: true,
      }),
    });
    const trail = JSON.stringify(events.map((e) => ({ ...e, id: String(e.id) })));
    expect(trail).not.toContain(credentials.secretAccessKey);
    expect(trail).not.toContain(credentials.sessionToken);
  });
});
