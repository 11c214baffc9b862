import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { uniqueSuffix, type TestHub } from '../support/test-hub';
import { anAdminKey, anAddress } from '../init/support/fixtures';
import { gatewayOrSkip, startInitHub, statusOf } from '../init/support/init-hub';
import {
  aGzip,
  anAccountWithTklbamKey,
  TklbamAgent,
  type CredentialsJson,
  type RecordJson,
} from './support/tklbam-agent';
import { s3For } from './support/record-s3';

const gateway = gatewayOrSkip();
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe.skipIf(!gateway)('TKLBAM agent sequence against the real Ceph gateway', () => {
  let hub: TestHub;
  let adminKey: string;

  beforeAll(async () => {
    hub = await startInitHub({ TKLBAM_RECORDS_PER_ACCOUNT: '3' });
    adminKey = await anAdminKey(hub.prisma);
  });
  afterAll(async () => hub?.close());

  it('subkey → credentials → record/create → inprogress → upload → inprogress → record/update → records → record', async () => {
    const account = await anAccountWithTklbamKey(hub, adminKey);
    const agent = await TklbamAgent.of(hub, null, anAddress()).linkWith(account.apikey);
    expect(agent.subkey).toMatch(/^[A-Z2-7]{1,20}$/);
    expect(agent.subkey).not.toBe(account.apikey);

    // cmd_backup.py: credentials first (cached in the registry), then a record when the registry has none.
    const creds = await agent.request<CredentialsJson>('GET', 'credentials/');
    expect(creds.status).toBe(200);
    expect(Object.keys(creds.body).sort()).toEqual([
      'accesskey',
      'expiration',
      'secretkey',
      'sessiontoken',
      'type',
    ]);
    expect(creds.body.type).toBe('iamrole');
    expect(creds.body.expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(new Date(creds.body.expiration).getTime()).toBeGreaterThan(Date.now() + 60_000);

    const created = await agent.request<RecordJson>('POST', 'record/create/', {
      key: 'a2V5cGFja2V0Cg==',
      turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
      server_id: 'srv-42',
    });
    expect(created.status).toBe(200);
    const record = created.body;
    expect(record).toMatchObject({
      backup_id: expect.stringMatching(/^\d+$/),
      key: 'a2V5cGFja2V0Cg==',
      server_id: 'srv-42',
      turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
      description: 'turnkey-core-18.0-bookworm-amd64',
      size: 0,
      date_updated: null,
      sessions: [],
    });
    expect(record.date_created).toMatch(DATE);
    const backup = await hub.prisma.backup.findFirstOrThrow({
      where: { accountId: account.accountId },
      include: { bucket: true, region: true },
    });
    expect(record.address).toBe(
      `s3://${new URL(backup.region.endpoint).host}/${backup.bucket.name}/${account.accountId}/${backup.id}`,
    );
    expect(backup.placementSignal).toBe('weighted-fallback');

    expect(
      (await agent.request('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'True' })).status,
    ).toBe(200);
    expect((await hub.prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).inProgress).toBe(true);

    // Duplicity (AWS_STSAGENT) asks for credentials again once the record exists; the first ones already cover it.
    for (const credentials of [
      creds.body,
      (await agent.request<CredentialsJson>('GET', 'credentials/')).body,
    ]) {
      const { s3, bucket, prefix } = s3For(record.address, credentials);
      const name = `${prefix}/duplicity-full.20261122T130000Z.vol1.difftar.gpg`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: name, Body: 'volume' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: name }));
      expect(await got.Body!.transformToString()).toBe('volume');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
      expect(listed.Contents?.map((o) => o.Key)).toContain(name);
    }

    expect(
      (await agent.request('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'False' })).status,
    ).toBe(200);
    const updated = await agent.request<RecordJson>('PUT', 'record/update/', { address: record.address });
    expect(updated.status).toBe(200);
    expect(updated.body.date_updated).toMatch(DATE);
    // The size is measured when the backup ends: the one 6-byte object written above (twice, same key).
    expect(updated.body.size).toBe('volume'.length);
    const row = await hub.prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    expect(row.inProgress).toBe(false);
    expect(row.lastBackupAt).toBeInstanceOf(Date);

    const list = await agent.request<RecordJson[]>('GET', 'records/');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([{ ...record, date_updated: updated.body.date_updated, size: 6 }]);

    const again = await agent.request<RecordJson>('GET', `record/${record.backup_id}/`);
    expect(again.body).toEqual(list.body[0]);

    // tklbam-passphrase: PUT record/<id>/ with a new key packet, stored as given.
    const rekeyed = await agent.request<RecordJson>('PUT', `record/${record.backup_id}/`, {
      key: 'bmV3+/key==',
    });
    expect(rekeyed.body.key).toBe('bmV3+/key==');

    const actions = (
      await hub.prisma.auditEvent.findMany({ where: { actorId: account.keyId }, orderBy: { id: 'asc' } })
    ).map((e) => e.action);
    expect(actions).toEqual([
      'tklbam.subkey',
      'credentials.issue',
      'tklbam.credentials',
      'tklbam.record.create',
      'tklbam.record.inprogress',
      'tklbam.credentials', // served from the cache: no second credentials.issue
      'tklbam.record.inprogress',
      'tklbam.record.backed-up',
      'tklbam.records.list',
      'tklbam.record.get',
      'tklbam.record.update-key',
    ]);
    const createEvent = await hub.prisma.auditEvent.findFirstOrThrow({
      where: { actorId: account.keyId, action: 'tklbam.record.create' },
    });
    expect(createEvent).toMatchObject({ actorType: 'appliance', targetType: 'backup', targetId: backup.id });
    expect(createEvent.after).toMatchObject({
      protocol: 'tklbam',
      uid: account.uid,
      placementSignal: 'weighted-fallback',
    });
  });

  it("account credentials reach every bucket of the account's records, and nothing of another account", async () => {
    const a = await anAccountWithTklbamKey(hub, adminKey);
    const b = await anAccountWithTklbamKey(hub, adminKey);
    const agentA = await TklbamAgent.of(hub, null, anAddress()).linkWith(a.apikey);
    const agentB = await TklbamAgent.of(hub, null, anAddress()).linkWith(b.apikey);
    const form = { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64' };
    const recordA1 = (await agentA.request<RecordJson>('POST', 'record/create/', form)).body;
    // A second record of A in the other region (an account pin decides placement there).
    await hub.prisma.placementPin.create({
      data: { accountId: a.accountId, regionCode: 'eu-west-1', reason: 'test', author: 'test' },
    });
    await hub.app.get(PlacementStateService).rebuild();
    const recordA2 = (await agentA.request<RecordJson>('POST', 'record/create/', form)).body;
    const recordB = (await agentB.request<RecordJson>('POST', 'record/create/', form)).body;
    const credsA = (await agentA.request<CredentialsJson>('GET', 'credentials/')).body;

    const one = s3For(recordA1.address, credsA);
    const two = s3For(recordA2.address, credsA);
    expect([one.region, two.region].sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const place of [one, two]) {
      await place.s3.send(
        new PutObjectCommand({ Bucket: place.bucket, Key: `${place.prefix}/x`, Body: 'x' }),
      );
    }

    const other = s3For(recordB.address, credsA);
    expect(
      await statusOf(
        other.s3.send(new PutObjectCommand({ Bucket: other.bucket, Key: `${other.prefix}/x`, Body: 'x' })),
      ),
    ).toBe(403);
    expect(
      await statusOf(
        other.s3.send(new ListObjectsV2Command({ Bucket: other.bucket, Prefix: `${other.prefix}/` })),
      ),
    ).toBe(403);
    expect(await statusOf(one.s3.send(new ListObjectsV2Command({ Bucket: one.bucket })))).toBe(403);
    const foreign = `lf-other-${uniqueSuffix()}`;
    const hubS3 = new S3Client({
      endpoint: gateway!.regions[0].endpoint,
      region: gateway!.regions[0].code,
      forcePathStyle: true,
      credentials: gateway!.hub,
    });
    await hubS3.send(new CreateBucketCommand({ Bucket: foreign }));
    const foreignS3 = s3For(`s3://${new URL(gateway!.regions[0].endpoint).host}/${foreign}/p`, credsA).s3;
    expect(
      await statusOf(
        foreignS3.send(new PutObjectCommand({ Bucket: foreign, Key: `${a.accountId}/x`, Body: 'x' })),
      ),
    ).toBe(403);
  });

  it('keeps a migrating record read-only (other records stay writable) and refuses to start a backup of it', async () => {
    const a = await anAccountWithTklbamKey(hub, adminKey);
    const agent = await TklbamAgent.of(hub, null, anAddress()).linkWith(a.apikey);
    const form = { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64' };
    const moving = (await agent.request<RecordJson>('POST', 'record/create/', form)).body;
    const staying = (await agent.request<RecordJson>('POST', 'record/create/', form)).body;
    const before = (await agent.request<CredentialsJson>('GET', 'credentials/')).body;
    const movingPlace = s3For(moving.address, before);
    await movingPlace.s3.send(
      new PutObjectCommand({ Bucket: movingPlace.bucket, Key: `${movingPlace.prefix}/old`, Body: 'old' }),
    );

    // What the migration worker does when it freezes a backup (libs/migrations).
    const record = await hub.prisma.tklbamRecord.findUniqueOrThrow({
      where: { id: Number(moving.backup_id) },
    });
    await hub.prisma.backup.updateMany({
      where: { applianceId: record.applianceId },
      data: { status: 'migrating' },
    });

    const during = (await agent.request<CredentialsJson>('GET', 'credentials/')).body;
    expect(during.accesskey).not.toBe(before.accesskey);
    const frozen = s3For(moving.address, during);
    const open = s3For(staying.address, during);
    expect(
      await statusOf(
        frozen.s3.send(
          new PutObjectCommand({ Bucket: frozen.bucket, Key: `${frozen.prefix}/new`, Body: 'x' }),
        ),
      ),
    ).toBe(403);
    const read = await frozen.s3.send(
      new GetObjectCommand({ Bucket: frozen.bucket, Key: `${frozen.prefix}/old` }),
    );
    expect(await read.Body!.transformToString()).toBe('old');
    expect(
      await statusOf(
        open.s3.send(new PutObjectCommand({ Bucket: open.bucket, Key: `${open.prefix}/new`, Body: 'x' })),
      ),
    ).toBe(200);

    const refused = await agent.request('PUT', `record/${moving.backup_id}/inprogress/`, { bool: 'True' });
    expect(refused.status).toBe(409);
    expect(refused.error?.name).toBe('BackupRecord.Migrating');
    expect(
      (await agent.request('PUT', `record/${staying.backup_id}/inprogress/`, { bool: 'True' })).status,
    ).toBe(200);
  });

  it('serves backup profiles uploaded by an admin: timestamp, then the urlsafe base64 tar.gz', async () => {
    const account = await anAccountWithTklbamKey(hub, adminKey);
    const agent = await TklbamAgent.of(hub, null, anAddress()).linkWith(account.apikey);
    const version = `turnkey-test-${Date.now()}-bookworm-amd64`;
    const archive = aGzip('\xff\xfe profile with bytes that base64 writes as + and /');
    const put = (content: Buffer) =>
      hub.app.inject({
        method: 'PUT',
        url: '/admin/v1/profiles',
        headers: { authorization: `Bearer ${adminKey}` },
        payload: { turnkeyVersion: version, archive: content.toString('base64') },
      });
    expect((await put(archive)).statusCode).toBe(200);

    const stamp = await agent.request<{ archive_timestamp: number }>('GET', 'archive/timestamp/', {
      turnkey_version: version,
    });
    expect(stamp.status).toBe(200);
    expect(Number.isInteger(stamp.body.archive_timestamp)).toBe(true);
    const content = await agent.request<{ archive_content: string }>('GET', 'archive/', {
      turnkey_version: version,
    });
    expect(content.body.archive_content).not.toMatch(/[+/]/);
    expect(Buffer.from(content.body.archive_content, 'base64url')).toEqual(archive);

    // A re-upload is newer even within the same second, so agents fetch it.
    expect((await put(aGzip('v2'))).statusCode).toBe(200);
    const newer = await agent.request<{ archive_timestamp: number }>('GET', 'archive/timestamp/', {
      turnkey_version: version,
    });
    expect(newer.body.archive_timestamp).toBeGreaterThan(stamp.body.archive_timestamp);

    const notGzip = await put(Buffer.from('plain text, not an archive'));
    expect(notGzip.statusCode).toBe(400);
    expect(notGzip.json().error.code).toBe('TKLBAM.PROFILE_NOT_GZIP');
  });
});
