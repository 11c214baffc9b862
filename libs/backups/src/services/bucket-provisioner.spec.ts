import { describe, expect, it } from 'vitest';
import { DomainError } from '@landfall/common';
import type { AppConfig } from '@landfall/config';
import type { CredentialsService } from '@landfall/credentials';
import type { ObjectStore } from '@landfall/storage';
import type { BucketRecord } from '../domain/backup';
import { BucketProvisioner } from './bucket-provisioner';
import type { BucketRepository } from '../repositories/bucket.repository';

const sdkError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe(BucketProvisioner.name, () => {
  const setup = (
    store: Partial<ObjectStore>,
    hardening = { blockPublicAccess: true, defaultEncryption: true, requireTls: true },
    recorded: unknown[] = [],
    mode: 'local' | 'remote' = 'remote',
  ) => {
    const rows = new Map<string, BucketRecord>();
    const calls: string[] = [];
    const repository = {
      findByName: async (name: string) => rows.get(name) ?? null,
      recordPending: async (name: string, region: string) => {
        const row = rows.get(name) ?? { id: `id-${name}`, name, region, status: 'pending' as const };
        rows.set(name, row);
        return row;
      },
      markReady: async (id: string) => {
        for (const row of rows.values()) if (row.id === id) row.status = 'ready';
      },
      withPolicyLock: async <T>(work: () => Promise<T>) => work(),
      recordProbe: async (_name: string, _ok: boolean, _at: Date, hardening: unknown) =>
        void recorded.push(hardening),
    } as unknown as BucketRepository;
    const fullStore: ObjectStore = {
      ensureBucket: async () => {
        calls.push('create');
        return 'created';
      },
      blockPublicAccess: async () => void calls.push('block'),
      removePublicAccessBlock: async () => void calls.push('unblock'),
      probeWrite: async () => void calls.push('probe'),
      enableDefaultEncryption: async () => void calls.push('encrypt'),
      putBucketPolicy: async () => void calls.push('policy'),
      putObject: async () => undefined,
      getObject: async () => Buffer.alloc(0),
      ping: async () => undefined,
      ...store,
    };
    const config = {
      storage: { bucketPrefix: 'lf', mode },
      buckets: hardening,
      upstream: { retryBudgetMs: 50 },
    } as unknown as AppConfig;
    const credentials = {
      forBackup: async () => ({
        credentials: { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't', expiration: new Date(1) },
        freshlyIssued: true,
      }),
    } as unknown as CredentialsService;
    const sut = new BucketProvisioner(repository, fullStore, config, { now: () => 0 }, credentials);
    return { sut, rows, calls };
  };
  const target = { region: 'eu-west-1', endpoint: 'http://s3', status: 'active' as const };

  it('creates, hardens and only then marks the bucket ready', async () => {
    const { sut, rows, calls } = setup({});
    const bucket = await sut.ensureReady(target);
    expect(bucket).toMatchObject({ name: 'lf-eu-west-1', status: 'ready' });
    expect(calls).toEqual(['create', 'encrypt', 'policy', 'block', 'policy', 'probe']);
    expect(rows.get('lf-eu-west-1')!.status).toBe('ready');
  });

  it('makes one CreateBucket call for many simultaneous callers, none once it is ready', async () => {
    const { sut, calls } = setup({});
    await Promise.all(Array.from({ length: 50 }, () => sut.ensureReady(target)));
    await sut.ensureReady(target);
    expect(calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('skips hardening the provider does not implement, with the bucket still made ready', async () => {
    const { sut, calls } = setup({
      enableDefaultEncryption: () => Promise.reject(sdkError('InvalidArgument', 400)),
      blockPublicAccess: () => Promise.reject(sdkError('NotImplemented', 501)),
    });
    expect((await sut.ensureReady(target)).status).toBe('ready');
    expect(calls).toEqual(['create', 'policy', 'policy', 'probe']);
  });

  it('never hands out a bucket without its policy on a remote provider that lacks bucket policies', async () => {
    const { sut, rows } = setup({ putBucketPolicy: () => Promise.reject(sdkError('NotImplemented', 501)) });
    await expect(sut.ensureReady(target)).rejects.toMatchObject({ name: 'NotImplemented' });
    expect(rows.get('lf-eu-west-1')!.status).toBe('pending');
  });

  it('skips the policy only on the bundled local store, which implements none', async () => {
    const { sut, calls } = setup(
      { putBucketPolicy: () => Promise.reject(sdkError('NotImplemented', 501)) },
      undefined,
      [],
      'local',
    );
    expect((await sut.ensureReady(target)).status).toBe('ready');
    expect(calls).toEqual(['create', 'encrypt', 'block', 'probe']);
  });

  it('leaves the bucket pending and answers STORAGE.UNAVAILABLE when the store is down', async () => {
    const { sut, rows } = setup({ ensureBucket: () => Promise.reject(sdkError('ServiceUnavailable', 503)) });
    const error = await sut.ensureReady(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'STORAGE.UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
    expect(rows.get('lf-eu-west-1')!.status).toBe('pending');
  });

  it('names a bucket someone else owns, and never marks it ready', async () => {
    const { sut, rows } = setup({ ensureBucket: () => Promise.reject(sdkError('BucketAlreadyExists', 409)) });
    await expect(sut.ensureReady(target)).rejects.toMatchObject({ code: 'STORAGE.BUCKET_NAME_TAKEN' });
    expect(rows.get('lf-eu-west-1')!.status).toBe('pending');
  });

  it('does not apply optional hardening that is switched off', async () => {
    const { sut, calls } = setup(
      {},
      { blockPublicAccess: false, defaultEncryption: false, requireTls: false },
    );
    await sut.ensureReady(target);
    expect(calls).toEqual(['create', 'policy', 'policy', 'probe']); // Landfall's bucket policy is not optional
  });

  it('reduces, then undoes, a public access block that breaks agent writes, and records it', async () => {
    let shape: string | null = null;
    const recorded: unknown[] = [];
    const { sut, calls } = setup(
      {
        blockPublicAccess: async (_t, _b, s) => void (shape = s ?? 'full'),
        removePublicAccessBlock: async () => void (shape = null),
        probeWrite: async () => {
          if (shape !== null)
            throw Object.assign(new Error('AccessDenied'), {
              name: 'AccessDenied',
              $metadata: { httpStatusCode: 403 },
            });
        },
      },
      { blockPublicAccess: true, defaultEncryption: false, requireTls: false },
      recorded,
    );
    const bucket = await sut.ensureReady(target);
    expect(bucket.status).toBe('ready');
    expect(shape).toBeNull();
    expect(calls).toContain('policy');
    expect(JSON.stringify(recorded)).toMatch(/undone: it broke the bucket/);
  });

  it('never marks ready a bucket agents cannot write to', async () => {
    const { sut, rows } = setup({
      probeWrite: async () => {
        throw Object.assign(new Error('AccessDenied'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
    });
    await expect(sut.ensureReady(target)).rejects.toMatchObject({ code: 'STORAGE.BUCKET_NOT_WRITABLE' });
    expect(rows.get('lf-eu-west-1')!.status).toBe('pending');
  });
});
