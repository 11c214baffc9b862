/**
 * `npm run bench:migrate`: copies one data set (1,000 small objects of 1–16 KiB + 3 of 12 MiB uploaded in 5 MiB parts)
 * from us-east-1 to eu-west-1 of a real two-region Ceph gateway, with Landfall's copy engine (the worker's
 * ObjectCopier: streamed, hashed, Content-MD5 per part, target ETag checked) and with `rclone copy`, in the same run.
 * Prints objects/s, MB/s and the ratio. Needs Ceph (`test/bed/twin-ceph.sh`) and rclone installed.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3MigrationStore, type BucketAt, type ListedObject } from '@landfall/storage';
import { forEachBounded } from '../libs/migrations/src/domain/pool';
import { ObjectCopier } from '../libs/migrations/src/services/object-copier';

const run = promisify(execFile);
const KEYS = { accessKeyId: 'HUBADMIN', secretAccessKey: 'HUBADMINSECRET' };
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 8);
const MIB = 1024 * 1024;

async function main(): Promise<void> {
  const base = Number(process.env.LANDFALL_BENCH_PORT_BASE ?? 24490);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-bench-ceph-'));
  const twin = path.resolve(__dirname, '..', '..', 'test', 'bed', 'twin-ceph.sh');
  const { stdout } = await run('bash', [twin, 'start', dir, String(base + 1), String(base + 2)], {
    env: { ...process.env, MON_PORT: String(base + 10) },
    timeout: 180_000,
  });
  const [us, eu] = stdout
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map((pair) => pair.split('=')[1]);
  try {
    const s3 = (endpoint: string, region: string) =>
      new S3Client({
        endpoint,
        region,
        forcePathStyle: true,
        credentials: KEYS,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
    const from: BucketAt = { region: 'us-east-1', endpoint: us, bucket: 'bench-src' };
    const to: BucketAt = { region: 'eu-west-1', endpoint: eu, bucket: 'bench-dst' };
    await s3(us, 'us-east-1').send(new CreateBucketCommand({ Bucket: from.bucket }));
    await s3(eu, 'eu-west-1').send(
      new CreateBucketCommand({
        Bucket: to.bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const { objects, bytes } = await seed(s3(us, 'us-east-1'), from.bucket, 'data');
    process.stdout.write(
      `data set: ${objects} objects, ${(bytes / 1e6).toFixed(1)} MB, ${TRANSFERS} transfers\n`,
    );

    const store = new S3MigrationStore({
      ...KEYS,
      forcePathStyle: true,
      requestTimeoutMs: 10_000,
      maxSockets: 64,
    });
    const copier = new ObjectCopier(store);
    const t0 = process.hrtime.bigint();
    const listed: ListedObject[] = [];
    for await (const page of store.list(from, 'data')) listed.push(...page);
    await forEachBounded(listed, TRANSFERS, async (object) => {
      await copier.copy(object, {
        from,
        fromPrefix: 'data',
        to,
        toPrefix: 'landfall',
        partSizeBytes: 8 * MIB,
        serverSide: false,
        // The bench copies outside any migration: there is no lease to check.
        beforeWrite: () => Promise.resolve(),
      });
    });
    const landfall = Number(process.hrtime.bigint() - t0) / 1e9;
    store.destroy();

    const remote = (name: string, endpoint: string, region: string) => ({
      [`RCLONE_CONFIG_${name}_TYPE`]: 's3',
      [`RCLONE_CONFIG_${name}_PROVIDER`]: 'Ceph',
      [`RCLONE_CONFIG_${name}_ENDPOINT`]: endpoint,
      [`RCLONE_CONFIG_${name}_REGION`]: region,
      [`RCLONE_CONFIG_${name}_ACCESS_KEY_ID`]: KEYS.accessKeyId,
      [`RCLONE_CONFIG_${name}_SECRET_ACCESS_KEY`]: KEYS.secretAccessKey,
    });
    // rclone's AWS SDK refuses a custom CA bundle on its transport; the gateway is plain HTTP anyway.
    const { AWS_CA_BUNDLE: _unused, ...baseEnv } = process.env;
    const t1 = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'rclone',
        [
          'copy',
          `src:${from.bucket}/data`,
          `dst:${to.bucket}/rclone`,
          `--transfers=${TRANSFERS}`,
          `--checkers=${TRANSFERS}`,
          '--s3-upload-cutoff=8M',
          '--s3-chunk-size=8M',
          '--no-check-dest',
        ],
        {
          env: { ...baseEnv, ...remote('SRC', us, 'us-east-1'), ...remote('DST', eu, 'eu-west-1') },
          stdio: 'inherit',
        },
      );
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rclone exited ${code}`))));
    });
    const rclone = Number(process.hrtime.bigint() - t1) / 1e9;

    const line = (name: string, seconds: number) =>
      `${name.padEnd(9)} ${seconds.toFixed(2).padStart(7)} s  ${(objects / seconds).toFixed(1).padStart(8)} objects/s  ${(bytes / 1e6 / seconds).toFixed(2).padStart(7)} MB/s\n`;
    process.stdout.write(line('landfall', landfall));
    process.stdout.write(line('rclone', rclone));
    process.stdout.write(`ratio landfall/rclone (throughput): ${(rclone / landfall).toFixed(2)}\n`);
  } finally {
    await run('bash', [twin, 'stop', dir], { timeout: 60_000 }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

async function seed(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ objects: number; bytes: number }> {
  const bodies: [string, Buffer][] = [];
  for (let i = 0; i < 1000; i += 1)
    bodies.push([`small/obj-${i}.bin`, randomBytes(1024 + ((i * 7919) % (15 * 1024)))]);
  for (let i = 0; i < 3; i += 1) bodies.push([`big/vol-${i}.tar`, randomBytes(12 * MIB)]);
  await forEachBounded(bodies, 16, async ([key, body]) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: body }));
  });
  return { objects: bodies.length, bytes: bodies.reduce((n, [, b]) => n + b.length, 0) };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
