import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { anAddress, anAdminKey } from '../init/support/fixtures';
import { agentS3, gatewayOrSkip, startInitHub } from '../init/support/init-hub';
import {
  anAccountWithTklbamKey,
  TklbamAgent,
  type CredentialsJson,
  type RecordJson,
} from './support/tklbam-agent';

const gateway = gatewayOrSkip();

describe.skipIf(!gateway)('TKLBAM record size, measured when a backup ends', () => {
  let hub: TestHub;
  let adminKey: string;

  beforeAll(async () => {
    hub = await startInitHub({ TKLBAM_SIZE_SCAN_MAX_OBJECTS: '3' });
    adminKey = await anAdminKey(hub.prisma);
  });
  afterAll(async () => hub?.close());

  it('sums the objects below the prefix, and keeps the last size when the listing hits its bound', async () => {
    const account = await anAccountWithTklbamKey(hub, adminKey);
    const agent = await TklbamAgent.of(hub, null, anAddress()).linkWith(account.apikey);
    const form = { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64' };
    const record = (await agent.request<RecordJson>('POST', 'record/create/', form)).body;
    const creds = (await agent.request<CredentialsJson>('GET', 'credentials/')).body;
    const [, host, bucket, prefix] = /^s3:\/\/([^/]+)\/([^/]+)\/(.+)$/.exec(record.address)!;
    const s3 = agentS3(`http://${host}`, 'us-east-1', {
      accessKeyId: creds.accesskey,
      secretAccessKey: creds.secretkey,
      sessionToken: creds.sessiontoken,
    });
    const put = (name: string, bytes: number) =>
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${name}`, Body: Buffer.alloc(bytes, 1) }),
      );
    // A key that only starts like the prefix is another backup's: not counted.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}0/other`, Body: 'x' }));

    const end = () =>
      agent.request<RecordJson>('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'False' });
    await put('a', 100);
    await put('b', 20);
    expect((await end()).body.size).toBe(120);
    await put('c', 3);
    const update = await agent.request<RecordJson>('PUT', 'record/update/', { address: record.address });
    expect(update.body.size).toBe(123);

    // A fourth object: past TKLBAM_SIZE_SCAN_MAX_OBJECTS=3 the listing stops, the size measured before stays.
    await put('d', 4000);
    const bounded = await end();
    expect(bounded.status).toBe(200);
    expect(bounded.body.size).toBe(123);
    const events = await hub.prisma.auditEvent.findMany({
      where: {
        actorId: account.keyId,
        action: { in: ['tklbam.record.inprogress', 'tklbam.record.backed-up'] },
      },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.after)).toMatchObject([
      { inProgress: false, sizeMeasured: true, sizeBytes: 120, objects: 2 },
      { sizeMeasured: true, sizeBytes: 123, objects: 3 },
      { inProgress: false, sizeMeasured: false, objectsListed: 3 },
    ]);

    // Starting a backup measures nothing.
    await agent.request('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'True' });
    const started = await hub.prisma.auditEvent.findFirstOrThrow({
      where: { actorId: account.keyId, action: 'tklbam.record.inprogress' },
      orderBy: { id: 'desc' },
    });
    expect(started.after).not.toHaveProperty('sizeMeasured');
  });
});
