import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { uniqueSuffix } from '../support/test-hub';
import { anAdminKey, anAppliance, type ApplianceFixture } from '../init/support/fixtures';
import { agentS3, gatewayOrSkip, startInitHub, statusOf } from '../init/support/init-hub';
import { anAccountWithTklbamKey, TklbamAgent, type CredentialsJson } from '../tklbam/support/tklbam-agent';
import { anAddress } from '../init/support/fixtures';
import { form, FORM, initIssued, raw, type Issued } from './support/gateway-agent';

const gateway = gatewayOrSkip();

describe.skipIf(!gateway)('tenant isolation on the real gateway (default configuration)', () => {
  let hub: TestHub;
  let a: ApplianceFixture;
  let b: ApplianceFixture;
  let alice: Issued;
  let bob: Issued;
  let tklbam: Issued;
  let foreign: string;

  beforeAll(async () => {
    hub = await startInitHub();
    a = await anAppliance(hub.prisma);
    b = await anAppliance(hub.prisma);
    alice = await initIssued(hub, a);
    bob = await initIssued(hub, b);
    const adminKey = await anAdminKey(hub.prisma);
    const account = await anAccountWithTklbamKey(hub, adminKey);
    const agent = await TklbamAgent.of(hub, null, anAddress()).linkWith(account.apikey);
    const got = await agent.request<CredentialsJson>('GET', 'credentials/');
    expect(got.status).toBe(200);
    tklbam = {
      creds: {
        accessKeyId: got.body.accesskey,
        secretAccessKey: got.body.secretkey,
        sessionToken: got.body.sessiontoken,
      },
      bucket: alice.bucket,
      prefix: `${account.accountId}/x`,
      endpoint: alice.endpoint,
      region: alice.region,
    };
    // A bucket Landfall does not own whose name starts with its prefix, open to every authenticated caller.
    foreign = `${alice.bucket.replace(/-us-east-1$/, '')}-foreign-${uniqueSuffix()}`.slice(0, 63);
    const other = new S3Client({
      endpoint: alice.endpoint,
      region: alice.region,
      forcePathStyle: true,
      credentials: gateway!.other,
    });
    await other.send(new CreateBucketCommand({ Bucket: foreign }));
    await other.send(
      new PutBucketPolicyCommand({
        Bucket: foreign,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: ['s3:*'],
              Resource: [`arn:aws:s3:::${foreign}`, `arn:aws:s3:::${foreign}/*`],
            },
          ],
        }),
      }),
    );
    other.destroy();
  });
  afterAll(async () => hub?.close());

  it('with the defaults, agents write, read and list their own prefix (SDK and raw)', async () => {
    const s3 = agentS3(alice.endpoint, alice.region, alice.creds);
    const key = `${alice.prefix}/own.txt`;
    expect(
      await statusOf(s3.send(new PutObjectCommand({ Bucket: alice.bucket, Key: key, Body: 'mine' }))),
    ).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: alice.bucket, Key: key }));
    expect(await got.Body!.transformToString()).toBe('mine');
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: alice.bucket, Prefix: `${alice.prefix}/` }),
    );
    expect(listed.Contents?.map((c) => c.Key)).toContain(key);
    const put = await raw(
      alice.creds,
      's3',
      alice.endpoint,
      alice.region,
      'PUT',
      `/${alice.bucket}/${key}2`,
      {
        body: 'raw',
      },
    );
    expect(put.status).toBe(200);
    // TKLBAM credentials write their account's prefix.
    const t = agentS3(tklbam.endpoint, tklbam.region, tklbam.creds);
    expect(
      await statusOf(
        t.send(new PutObjectCommand({ Bucket: tklbam.bucket, Key: `${tklbam.prefix}/f`, Body: 'x' })),
      ),
    ).toBe(200);
    const row = await hub.prisma.bucket.findUnique({ where: { name: alice.bucket } });
    expect(row?.writable).toBe(true);
  });

  for (const who of ['init', 'tklbam'] as const) {
    describe(`credentials from ${who === 'init' ? '/v1/init' : 'TKLBAM credentials/'}`, () => {
      const issued = () => (who === 'init' ? alice : tklbam);

      it('cannot chain AssumeRole, with or without a session policy (raw and SDK)', async () => {
        const me = issued();
        for (const policy of [
          undefined,
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        ]) {
          const fields: Record<string, string> = {
            Action: 'AssumeRole',
            Version: '2011-06-15',
            RoleArn: gateway!.roleArn,
            RoleSessionName: 'chain',
            DurationSeconds: '900',
            ...(policy ? { Policy: policy } : {}),
          };
          const res = await raw(me.creds, 'sts', me.endpoint, me.region, 'POST', '/', {
            headers: FORM,
            body: form(fields),
          });
          expect(res.status, res.text).toBe(403);
          const sts = new STSClient({
            endpoint: me.endpoint,
            region: me.region,
            credentials: {
              accessKeyId: me.creds.accessKeyId,
              secretAccessKey: me.creds.secretAccessKey,
              sessionToken: me.creds.sessionToken ?? undefined,
            },
            maxAttempts: 1,
          });
          await expect(
            sts.send(
              new AssumeRoleCommand({ RoleArn: gateway!.roleArn, RoleSessionName: 'chain2', Policy: policy }),
            ),
          ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
          sts.destroy();
        }
      });

      it('cannot change bucket configuration or object ACLs, nor notify a topic it creates', async () => {
        const me = issued();
        const s3 = agentS3(me.endpoint, me.region, me.creds);
        // Ceph 16 lets a session create an SNS topic (owned by the broker user); what matters is that no bucket
        // can be made to publish to it.
        await raw(me.creds, 'sns', me.endpoint, me.region, 'POST', '/', {
          headers: FORM,
          body: form({
            Action: 'CreateTopic',
            Name: `evil-${who}`,
            'Attributes.entry.1.key': 'push-endpoint',
            'Attributes.entry.1.value': 'http://127.0.0.1:9/',
          }),
        });
        const notification = new PutBucketNotificationConfigurationCommand({
          Bucket: me.bucket,
          NotificationConfiguration: {
            TopicConfigurations: [
              { TopicArn: `arn:aws:sns:${me.region}::evil-${who}`, Events: ['s3:ObjectCreated:*'] },
            ],
          },
        });
        expect(await statusOf(s3.send(notification))).toBe(403);
        const open = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${me.bucket}/*` },
          ],
        });
        expect(await statusOf(s3.send(new PutBucketPolicyCommand({ Bucket: me.bucket, Policy: open })))).toBe(
          403,
        );
        expect(
          await statusOf(s3.send(new PutBucketAclCommand({ Bucket: me.bucket, ACL: 'public-read' }))),
        ).toBe(403);
        const own = `${me.prefix}/acl-target`;
        await s3.send(new PutObjectCommand({ Bucket: me.bucket, Key: own, Body: 'x' }));
        expect(
          await statusOf(
            s3.send(new PutObjectAclCommand({ Bucket: me.bucket, Key: own, ACL: 'public-read' })),
          ),
        ).toBe(403);
        for (const sub of ['lifecycle', 'cors', 'versioning', 'website', 'notification', 'policy', 'acl']) {
          const res = await raw(me.creds, 's3', me.endpoint, me.region, 'PUT', `/${me.bucket}`, {
            query: { [sub]: '' },
            body: '<x/>',
          });
          expect(res.status, `${sub}: ${res.text}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${sub}: ${res.text}`).not.toBe(200);
        }
      });

      it('cannot write objects that share themselves (public-read, grant headers)', async () => {
        const me = issued();
        const s3 = agentS3(me.endpoint, me.region, me.creds);
        const pub = `${me.prefix}/public`;
        expect(
          await statusOf(
            s3.send(new PutObjectCommand({ Bucket: me.bucket, Key: pub, Body: 'x', ACL: 'public-read' })),
          ),
        ).toBe(403);
        for (const header of ['x-amz-grant-read', 'x-amz-grant-full-control', 'x-amz-grant-write-acp']) {
          const res = await raw(
            me.creds,
            's3',
            me.endpoint,
            me.region,
            'PUT',
            `/${me.bucket}/${me.prefix}/granted`,
            {
              headers: { [header]: 'id=other' },
              body: 'x',
            },
          );
          expect(res.status, header).toBe(403);
        }
        const rawPublic = await raw(me.creds, 's3', me.endpoint, me.region, 'PUT', `/${me.bucket}/${pub}`, {
          headers: { 'x-amz-acl': 'public-read' },
          body: 'x',
        });
        expect(rawPublic.status).toBe(403);
        expect((await fetch(`${me.endpoint}/${me.bucket}/${pub}`)).status).not.toBe(200);
        const other = new S3Client({
          endpoint: me.endpoint,
          region: me.region,
          forcePathStyle: true,
          credentials: gateway!.other,
        });
        expect(
          await statusOf(
            other.send(new GetObjectCommand({ Bucket: me.bucket, Key: `${me.prefix}/granted` })),
          ),
        ).not.toBe(200);
        other.destroy();
      });

      it("cannot read or write another tenant's prefix, nor a foreign bucket named like Landfall's", async () => {
        const me = issued();
        const s3 = agentS3(me.endpoint, me.region, me.creds);
        const theirs = `${bob.prefix}/secret`;
        await agentS3(bob.endpoint, bob.region, bob.creds).send(
          new PutObjectCommand({ Bucket: bob.bucket, Key: theirs, Body: 'bob' }),
        );
        expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: bob.bucket, Key: theirs })))).toBe(403);
        expect(
          await statusOf(s3.send(new PutObjectCommand({ Bucket: bob.bucket, Key: theirs, Body: 'evil' }))),
        ).toBe(403);
        expect(
          await statusOf(s3.send(new ListObjectsV2Command({ Bucket: bob.bucket, Prefix: `${bob.prefix}/` }))),
        ).toBe(403);
        expect(
          (await raw(me.creds, 's3', me.endpoint, me.region, 'GET', `/${bob.bucket}/${theirs}`)).status,
        ).toBe(403);
        expect(
          (
            await raw(me.creds, 's3', me.endpoint, me.region, 'PUT', `/${foreign}/${me.prefix}/x`, {
              body: 'x',
            })
          ).status,
        ).toBe(403);
        expect(
          await statusOf(s3.send(new GetObjectCommand({ Bucket: foreign, Key: `${me.prefix}/x` }))),
        ).not.toBe(200);
      });
    });
  }
});
