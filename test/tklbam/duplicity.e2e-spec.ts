import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { anAddress, anAdminKey } from '../init/support/fixtures';
import { agentS3, gatewayOrSkip, startInitHub, statusOf } from '../init/support/init-hub';
import {
  duplicity,
  duplicityHome,
  duplicityMissing,
  frontAddress,
  TklbamFront,
  treeDigest,
  type DuplicityEnv,
} from './support/duplicity';
import {
  anAccountWithTklbamKey,
  TklbamAgent,
  type CredentialsJson,
  type RecordJson,
} from './support/tklbam-agent';

const gateway = gatewayOrSkip();
const missing = duplicityMissing() ?? (process.getuid?.() === 0 ? null : 'binding 443 and 80 needs root');
if (missing && process.env.CI === 'true') throw new Error(`CI runs the duplicity e2e: ${missing}`);

/** The options TKLBAM's duplicity.py passes (Uploader with its defaults, Downloader, cleanup before each backup). */
const tklbam = {
  cleanup: (archive: string, address: string) => [
    '--verbosity=5',
    `--archive-dir=${archive}`,
    'cleanup',
    '--force',
    address,
  ],
  backup: (archive: string, source: string, address: string) => [
    '--verbosity=5',
    '--volsize=25',
    '--full-if-older-than=1M',
    '--gpg-options=--cipher-algo=aes',
    `--archive-dir=${archive}`,
    '--s3-unencrypted-connection',
    '--allow-source-mismatch',
    source,
    address,
  ],
  restore: (archive: string, address: string, into: string, time?: string) => [
    ...(time ? [`--restore-time=${time}`] : []),
    `--archive-dir=${archive}`,
    '--s3-unencrypted-connection',
    address,
    into,
  ],
};

describe.skipIf(!gateway || missing)(
  'unmodified TKLBAM: Debian duplicity with TKLBAM’s command lines',
  () => {
    let hub: TestHub;
    let adminKey: string;
    let front: TklbamFront;
    let scratch: string;
    const us = () => gateway!.regions.find((r) => r.code === 'us-east-1')!;
    const hubS3 = () =>
      new S3Client({
        endpoint: us().endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: gateway!.hub,
      });

    beforeAll(async () => {
      scratch = await mkdtemp(path.join(os.tmpdir(), 'landfall-tklbam-dup-'));
      front = await TklbamFront.start(frontAddress(), us().endpoint, scratch);
      hub = await startInitHub({ TKLBAM_S3_HOSTS: `us-east-1=${front.host}` });
      adminKey = await anAdminKey(hub.prisma);
    });
    afterAll(async () => {
      await hub?.close();
      await front?.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    /** Bytes stored below the record's prefix, as the gateway lists them to the hub's own user. */
    async function storedBytes(bucket: string, prefix: string): Promise<{ bytes: number; keys: string[] }> {
      const listed = await hubS3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
      const objects = listed.Contents ?? [];
      expect(listed.IsTruncated).toBe(false);
      return {
        bytes: objects.reduce((sum, o) => sum + (o.Size ?? 0), 0),
        keys: objects.map((o) => o.Key!.slice(prefix.length + 1)),
      };
    }

    it('backs up full and incremental, lists, restores byte-identical trees and cleans up; size is the bytes stored', async () => {
      const account = await anAccountWithTklbamKey(hub, adminKey);
      const agent = await TklbamAgent.of(hub, null, anAddress()).linkWith(account.apikey);

      // cmd_backup.py: credentials, then a record, then inprogress True, cleanup, backup, inprogress False, update.
      const creds = await agent.request<CredentialsJson>('GET', 'credentials/');
      expect(creds.status).toBe(200);
      const created = await agent.request<RecordJson>('POST', 'record/create/', {
        key: 'a2V5cGFja2V0Cg==',
        turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
      });
      expect(created.status).toBe(200);
      const record = created.body;
      const backup = await hub.prisma.backup.findFirstOrThrow({
        where: { accountId: account.accountId },
        include: { bucket: true },
      });
      // No port: the same address serves the HTTPS command (cleanup) and the HTTP ones (backup, restore).
      expect(record.address).toBe(`s3://${front.host}/${backup.bucket.name}/${backup.prefix}`);

      const source = path.join(scratch, 'source');
      await mkdir(path.join(source, 'etc', 'app'), { recursive: true });
      await writeFile(path.join(source, 'etc', 'app', 'app.conf'), 'listen = 8080\n');
      await writeFile(path.join(source, 'empty'), '');
      await writeFile(path.join(source, 'notes.txt'), 'first version\n');
      // Random bytes do not compress: a volume well over 5 MB.
      await writeFile(path.join(source, 'database.dump'), randomBytes(6 * 1024 * 1024 + 123));
      await symlink('etc/app/app.conf', path.join(source, 'current.conf'));

      const env: DuplicityEnv = {
        credentials: creds.body,
        passphrase: 'tklbam secret: the key packet protects it',
        caFile: front.caFile,
        home: await duplicityHome(scratch),
      };
      const archive = path.join(env.home, 'archive');

      const backUp = async (): Promise<void> => {
        expect(
          (await agent.request('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'True' })).status,
        ).toBe(200);
        const before = { ...front.connections };
        await duplicity(tklbam.cleanup(archive, record.address), env);
        expect(front.connections.https).toBeGreaterThan(before.https);
        expect(front.connections.http).toBe(before.http);
        await duplicity(tklbam.backup(archive, source, record.address), env);
        expect(front.connections.http).toBeGreaterThan(before.http);
        expect(
          (await agent.request('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'False' })).status,
        ).toBe(200);
        const updated = await agent.request<RecordJson>('PUT', 'record/update/', { address: record.address });
        expect(updated.status).toBe(200);
      };

      await backUp();
      const afterFull = await storedBytes(backup.bucket.name, backup.prefix);
      expect(afterFull.keys.some((k) => /^duplicity-full\.\d{8}T\d{6}Z\.vol1\.difftar\.gpg$/.test(k))).toBe(
        true,
      );
      expect(afterFull.keys.some((k) => k.startsWith('duplicity-full-signatures.'))).toBe(true);
      expect(afterFull.bytes).toBeGreaterThan(6 * 1024 * 1024);
      const listedFull = (await agent.request<RecordJson[]>('GET', 'records/')).body;
      expect(listedFull).toHaveLength(1);
      expect(listedFull[0].size).toBe(afterFull.bytes);
      const fullTree = await treeDigest(source);

      // Duplicity names backup sets by the second: the incremental must start in a later one.
      const fullSecond = Math.floor(Date.now() / 1000);
      while (Math.floor(Date.now() / 1000) <= fullSecond) await delay(50);

      await writeFile(path.join(source, 'notes.txt'), 'second version, longer than the first\n');
      await writeFile(path.join(source, 'etc', 'app', 'added.conf'), 'added = yes\n');
      await unlink(path.join(source, 'empty'));
      await backUp();
      const afterInc = await storedBytes(backup.bucket.name, backup.prefix);
      expect(afterInc.keys.some((k) => /^duplicity-inc\..+\.vol1\.difftar\.gpg$/.test(k))).toBe(true);
      expect(afterInc.bytes).toBeGreaterThan(afterFull.bytes);
      const listedInc = (await agent.request<RecordJson>('GET', `record/${record.backup_id}/`)).body;
      expect(listedInc.size).toBe(afterInc.bytes);
      expect((await agent.request<RecordJson[]>('GET', 'records/')).body[0].size).toBe(afterInc.bytes);
      const incTree = await treeDigest(source);

      // What an operator runs to look at a backup chain (TKLBAM itself does not), over HTTP like backup/restore.
      const status = await duplicity(
        ['collection-status', `--archive-dir=${archive}`, '--s3-unencrypted-connection', record.address],
        env,
      );
      expect(status.stdout).toMatch(/Full\s+.+\s+1\s*$/m);
      expect(status.stdout).toMatch(/Incremental\s+.+\s+1\s*$/m);
      const files = await duplicity(
        ['list-current-files', `--archive-dir=${archive}`, '--s3-unencrypted-connection', record.address],
        env,
      );
      expect(files.stdout).toContain('etc/app/added.conf');
      expect(files.stdout).not.toMatch(/ empty$/m);

      // tklbam-restore on another machine: a fresh archive dir, so everything comes from the bucket.
      const restored = path.join(scratch, 'restored');
      await duplicity(tklbam.restore(path.join(env.home, 'archive-b'), record.address, restored), env);
      expect(await treeDigest(restored)).toEqual(incTree);
      const restoredFull = path.join(scratch, 'restored-full');
      await duplicity(
        tklbam.restore(path.join(env.home, 'archive-c'), record.address, restoredFull, String(fullSecond)),
        env,
      );
      expect(await treeDigest(restoredFull)).toEqual(fullTree);
      expect(fullTree).not.toEqual(incTree);

      // The next tklbam-backup starts with cleanup over HTTPS again: still fine after the chain grew.
      await duplicity(tklbam.cleanup(archive, record.address), env);

      const events = await hub.prisma.auditEvent.findMany({
        where: { actorId: account.keyId, action: 'tklbam.record.backed-up' },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => (e.after as { sizeBytes?: number }).sizeBytes)).toEqual([
        afterFull.bytes,
        afterInc.bytes,
      ]);
    });

    it("lets the credentials HEAD the bucket but list nothing outside the account's prefix", async () => {
      const a = await anAccountWithTklbamKey(hub, adminKey);
      const b = await anAccountWithTklbamKey(hub, adminKey);
      const agentA = await TklbamAgent.of(hub, null, anAddress()).linkWith(a.apikey);
      const agentB = await TklbamAgent.of(hub, null, anAddress()).linkWith(b.apikey);
      const form = { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64' };
      const recordA = (await agentA.request<RecordJson>('POST', 'record/create/', form)).body;
      const recordB = (await agentB.request<RecordJson>('POST', 'record/create/', form)).body;
      const [, bucket, prefixA] = /^s3:\/\/[^/]+\/([^/]+)\/(.+)$/.exec(recordA.address)!;
      const [, bucketB, prefixB] = /^s3:\/\/[^/]+\/([^/]+)\/(.+)$/.exec(recordB.address)!;
      expect(bucketB).toBe(bucket);
      const credsA = (await agentA.request<CredentialsJson>('GET', 'credentials/')).body;
      const credsB = (await agentB.request<CredentialsJson>('GET', 'credentials/')).body;
      const asA = agentS3(us().endpoint, 'us-east-1', {
        accessKeyId: credsA.accesskey,
        secretAccessKey: credsA.secretkey,
        sessionToken: credsA.sessiontoken,
      });
      const asB = agentS3(us().endpoint, 'us-east-1', {
        accessKeyId: credsB.accesskey,
        secretAccessKey: credsB.secretkey,
        sessionToken: credsB.sessiontoken,
      });
      await asA.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefixA}/duplicity-a`, Body: 'a' }));
      await asB.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefixB}/duplicity-b`, Body: 'b' }));

      expect(await statusOf(asA.send(new HeadBucketCommand({ Bucket: bucket })))).toBe(200);
      const own = await asA.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefixA}/` }));
      expect(own.Contents?.map((o) => o.Key)).toEqual([`${prefixA}/duplicity-a`]);

      // Every way to list the shared bucket's other keys is refused, HeadBucket's statement notwithstanding.
      const attempts: [string, () => Promise<unknown>][] = [
        ['no prefix', () => asA.send(new ListObjectsV2Command({ Bucket: bucket }))],
        ['empty prefix', () => asA.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: '' }))],
        ['delimiter', () => asA.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }))],
        ['max-keys 0', () => asA.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 0 }))],
        ["B's prefix", () => asA.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefixB}/` }))],
        ["B's account", () => asA.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: b.accountId }))],
        ['versions', () => asA.send(new ListObjectVersionsCommand({ Bucket: bucket }))],
        [
          "B's versions",
          () => asA.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: `${prefixB}/` })),
        ],
        ['multipart uploads', () => asA.send(new ListMultipartUploadsCommand({ Bucket: bucket }))],
      ];
      for (const [what, attempt] of attempts) expect(await statusOf(attempt()), what).toBe(403);
      const foreign = `lf-foreign-${Date.now().toString(36)}`;
      await hubS3().send(new CreateBucketCommand({ Bucket: foreign }));
      expect(await statusOf(asA.send(new HeadBucketCommand({ Bucket: foreign })))).toBe(403);
    });
  },
);
