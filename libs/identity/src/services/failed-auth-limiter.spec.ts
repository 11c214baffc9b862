import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter, limiterKey } from './failed-auth-limiter';

class Refused extends Error {
  constructor(readonly wait: number) {
    super('refused');
  }
}
class Invalid extends Error {}

describe(FailedAuthLimiter.name, () => {
  const setup = () => {
    const clock = { t: 1_000_000, now: () => clock.t };
    const sut = new FailedAuthLimiter({ limit: 3, windowSeconds: 60 }, clock);
    const rules = {
      isFailure: (e: unknown) => e instanceof Invalid,
      refused: (wait: number) => new Refused(wait),
    };
    const fail = (address: string) => sut.attempt(address, () => Promise.reject(new Invalid()), rules);
    const succeed = (address: string) => sut.attempt(address, () => Promise.resolve('admitted'), rules);
    return { sut, clock, fail, succeed, rules };
  };

  it('answers failures normally up to the limit, then refuses failures until the window ends', async () => {
    const { sut, clock, fail } = setup();
    for (let i = 0; i < 3; i += 1) await expect(fail('1.2.3.4')).rejects.toBeInstanceOf(Invalid);
    await expect(fail('1.2.3.4')).rejects.toEqual(new Refused(60));
    clock.t += 45_000;
    expect(sut.retryAfterSeconds('1.2.3.4')).toBe(15);
    clock.t += 15_000;
    await expect(fail('1.2.3.4')).rejects.toBeInstanceOf(Invalid);
  });

  it('always admits a credential that verifies, however far over the limit its address is', async () => {
    const { fail, succeed } = setup();
    for (let i = 0; i < 50; i += 1) await fail('1.2.3.4').catch(() => undefined);
    await expect(succeed('1.2.3.4')).resolves.toBe('admitted');
  });

  it('passes other errors through uncounted', async () => {
    const { sut, rules } = setup();
    for (let i = 0; i < 5; i += 1) {
      await expect(
        sut.attempt('1.2.3.4', () => Promise.reject(new TypeError('db down')), rules),
      ).rejects.toThrow('db down');
    }
    expect(sut.retryAfterSeconds('1.2.3.4')).toBe(0);
  });

  it('counts each address on its own, and an IPv6 /64 as one address', async () => {
    const { sut, fail } = setup();
    for (let i = 0; i < 3; i += 1) await fail('1.2.3.4').catch(() => undefined);
    expect(sut.retryAfterSeconds('5.6.7.8')).toBe(60 * 0);
    for (let i = 0; i < 3; i += 1) await fail(`2001:db8:1:2::${i + 1}`).catch(() => undefined);
    expect(sut.retryAfterSeconds('2001:db8:1:2:ffff::9')).toBe(60);
    expect(sut.retryAfterSeconds('2001:db8:1:3::1')).toBe(0);
  });
});

describe(limiterKey.name, () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0001:0002:0003:0004:0005:0006', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::', 'fe80:0:0:0::/64'],
  ])('%s -> %s', (address, key) => {
    expect(limiterKey(address)).toBe(key);
  });
});
