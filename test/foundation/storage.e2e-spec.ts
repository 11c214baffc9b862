import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { S3ObjectStore } from '@landfall/storage';
import { anAdminKey, bearer } from '../init/support/fixtures';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';

const gateway = inject('gateway');

describe.skipIf(!gateway)(
  `real S3 gateway (Ceph radosgw)${gateway ? '' : `: ${inject('gatewaySkipReason')}`}`,
  () => {
    let store: S3ObjectStore;

    beforeAll(() => {
      store = new S3ObjectStore({ ...gateway!.hub, forcePathStyle: true, requestTimeoutMs: 5000 });
    });
    afterAll(() => store?.destroy());

    it.each(['us-east-1', 'eu-west-1'])(
      'creates a bucket in %s, writes an object and reads it back',
      async (code) => {
        const { endpoint } = gateway!.regions.find((r) => r.code === code)!;
        const target = { region: code, endpoint };
        const bucket = `lf-test-${code}-${uniqueSuffix()}`;
        expect(await store.ensureBucket(target, bucket)).toBe('created');
        // Asking again is success: AWS answers BucketAlreadyOwnedByYou, Ceph (like AWS us-east-1) answers 200.
        expect(['created', 'existed']).toContain(await store.ensureBucket(target, bucket));

        const location = await new S3Client({
          endpoint: target.endpoint,
          region: code,
          forcePathStyle: true,
          credentials: gateway!.hub,
        }).send(new GetBucketLocationCommand({ Bucket: bucket }));
        expect(location.LocationConstraint || 'us-east-1').toBe(code);

        await store.putObject(target, bucket, 'backup-1/hello.txt', 'hello landfall');
        expect((await store.getObject(target, bucket, 'backup-1/hello.txt')).toString()).toBe(
          'hello landfall',
        );
      },
    );

    it('reports a bucket another user owns as a failure, not as reuse', async () => {
      const target = { region: gateway!.regions[0].code, endpoint: gateway!.regions[0].endpoint };
      const bucket = `lf-test-foreign-${uniqueSuffix()}`;
      const other = new S3ObjectStore({ ...gateway!.other, forcePathStyle: true, requestTimeoutMs: 5000 });
      await other.ensureBucket(target, bucket);
      other.destroy();
      await expect(store.ensureBucket(target, bucket)).rejects.toMatchObject({ name: 'BucketAlreadyExists' });
    });

    describe('readiness through the hub', () => {
      let hub: TestHub;
      let admin: Record<string, string>;
      beforeAll(async () => {
        hub = await startTestHub();
        await useGatewayRegions(hub.prisma);
        admin = bearer(await anAdminKey(hub.prisma, ['health:read']));
      });
      const detail = () => hub.app.inject({ method: 'GET', url: '/admin/v1/readiness', headers: admin });
      afterAll(async () => hub?.close());

      it('is ready with the database, GeoIP and both gateway endpoints up', async () => {
        const res = await hub.app.inject({ method: 'GET', url: '/readyz' });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ ready: true });
        const body = (await detail()).json();
        expect(body.checks.map((c: { name: string }) => c.name)).toEqual(
          expect.arrayContaining(['database', 'geoip', ...gateway!.regions.map((r) => `s3:${r.endpoint}`)]),
        );
        expect(body.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
      });

      it('is not ready (503) while a configured endpoint is unreachable, and names it', async () => {
        const code = `dead-${uniqueSuffix()}`;
        await hub.prisma.region.create({
          data: { code, displayName: code, latitude: 0, longitude: 0, endpoint: 'http://127.0.0.1:9' },
        });
        try {
          const res = await hub.app.inject({ method: 'GET', url: '/readyz' });
          expect(res.statusCode).toBe(503);
          // The public answer names nothing; the admin detail names the endpoint.
          expect(res.json()).toEqual({ ready: false });
          expect((await detail()).json().checks).toContainEqual(
            expect.objectContaining({ name: 's3:http://127.0.0.1:9', ok: false }),
          );
        } finally {
          await hub.prisma.region.delete({ where: { code } });
        }
      });
    });
  },
);
