import { createHash, createHmac } from 'node:crypto';
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
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { uniqueSuffix } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer, type ApplianceFixture } from '../init/support/fixtures';
import {
  agentS3,
  gatewayOrSkip,
  startInitHub,
  statusOf,
  type IssuedCredentials,
} from '../init/support/init-hub';
import { anAccountWithTklbamKey, TklbamAgent, type CredentialsJson } from '../tklbam/support/tklbam-agent';
import { anAddress } from '../init/support/fixtures';

const gateway = gatewayOrSkip();

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 for the raw signer, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The attacker's own client: a hand-built request, signed with SigV4, sent with fetch. */
async function raw(
  creds: IssuedCredentials,
  service: 's3' | 'sts' | 'sns',
  endpoint: string,
  region: string,
  method: string,
  path: string,
  options: { query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  const url = new URL(path, endpoint);
  const body = options.body ?? '';
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    ...options.headers,
  };
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken ?? undefined,
    },
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: options.query ?? {},
    headers,
    body,
  });
  const qs = new URLSearchParams(options.query ?? {}).toString();
  const res = await fetch(`${url.origin}${url.pathname}${qs ? `?${qs}` : ''}`, {
    method,
    headers: signed.headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  return { status: res.status, text: await res.text() };
}

const form = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Issued {
  creds: IssuedCredentials;
  bucket: string;
  prefix: string;
  endpoint: string;
  region: string;
}

describe.skipIf(!gateway)('tenant isolation on the real gateway (default configuration)', () => {
  let hub: TestHub;
  let a: ApplianceFixture;
  let b: ApplianceFixture;
  let alice: Issued;
  let bob: Issued;
  let tklbam: Issued;
  let foreign: string;

  const init = async (appliance: ApplianceFixture): Promise<Issued> => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: bearer(appliance.key),
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    const { backup, credentials } = res.json();
    return {
      creds: credentials,
      bucket: backup.bucket,
      prefix: backup.prefix,
      endpoint: backup.endpoint,
      region: backup.region,
    };
  };

  beforeAll(async () => {
    hub = await startInitHub();
    a = await anAppliance(hub.prisma);
    b = await anAppliance(hub.prisma);
    alice = await init(a);
    bob = await init(b);
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

  it('credentials issued before an appliance is disabled stop working as soon as the disable call returns', async () => {
    const c = await anAppliance(hub.prisma);
    const carol = await init(c);
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
    const dave = await init(d);
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
      const candidate = await init(d);
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
