import { describe, expect, it } from 'vitest';
import { CredentialCache } from './credential-cache';
import type { ScopedCredentials } from '../domain/scoped-credentials';

describe(CredentialCache.name, () => {
  const setup = () => {
    const clock = { t: 0, now: () => clock.t };
    let calls = 0;
    const issue = async (): Promise<ScopedCredentials> => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return {
        accessKeyId: `AK${calls}`,
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(clock.t + 3600_000),
      };
    };
    const sut = new CredentialCache({ refreshFraction: 0.5, minReissueMs: 30_000 }, clock);
    return { sut, clock, issue, calls: () => calls };
  };

  it('makes one issuer call for 1,000 simultaneous requests of one backup', async () => {
    const { sut, issue, calls } = setup();
    const results = await Promise.all(Array.from({ length: 1000 }, () => sut.get('b1', issue)));
    expect(calls()).toBe(1);
    expect(new Set(results.map((r) => r.credentials.accessKeyId))).toEqual(new Set(['AK1']));
    expect(results.filter((r) => r.freshlyIssued)).toHaveLength(1);
  });

  it('serves cached credentials until the refresh fraction of their lifetime, then re-issues', async () => {
    const { sut, clock, issue, calls } = setup();
    await sut.get('b1', issue);
    clock.t += 1799_000;
    expect((await sut.get('b1', issue)).credentials.accessKeyId).toBe('AK1');
    clock.t += 1_000;
    expect((await sut.get('b1', issue)).credentials.accessKeyId).toBe('AK2');
    expect(calls()).toBe(2);
  });

  it('keeps backups apart', async () => {
    const { sut, issue } = setup();
    await sut.get('b1', issue);
    expect((await sut.get('b2', issue)).credentials.accessKeyId).toBe('AK2');
  });

  it('lets a forced refresh re-issue, but not more often than the minimum interval', async () => {
    const { sut, clock, issue } = setup();
    await sut.get('b1', issue);
    expect((await sut.get('b1', issue, true)).credentials.accessKeyId).toBe('AK1');
    clock.t += 30_000;
    expect((await sut.get('b1', issue, true)).credentials.accessKeyId).toBe('AK2');
  });

  it('does not cache a failure: the next request tries again', async () => {
    const { sut, issue } = setup();
    const failing = () => Promise.reject(new Error('down'));
    await expect(Promise.all([sut.get('b1', failing), sut.get('b1', failing)])).rejects.toThrow('down');
    expect((await sut.get('b1', issue)).credentials.accessKeyId).toBe('AK1');
  });
});

describe('CredentialCache after a revocation', () => {
  it('never hands out an entry issued before the latest revocation', async () => {
    const clock = { t: 10_000, now: () => clock.t };
    let n = 0;
    const issue = async () => ({
      accessKeyId: `AK${++n}`,
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(clock.t + 3600_000),
    });
    const sut = new CredentialCache({ refreshFraction: 0.5, minReissueMs: 30_000 }, clock);
    expect((await sut.get('b', issue)).credentials.accessKeyId).toBe('AK1');
    clock.t += 1_000;
    expect((await sut.get('b', issue, false, 10_500)).credentials.accessKeyId).toBe('AK2');
    expect((await sut.get('b', issue, false, 10_500)).credentials.accessKeyId).toBe('AK2');
  });
});
