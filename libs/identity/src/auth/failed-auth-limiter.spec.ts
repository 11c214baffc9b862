import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter } from './failed-auth-limiter';

describe(FailedAuthLimiter.name, () => {
  const setup = () => {
    const clock = { t: 1_000_000, now: () => clock.t };
    const sut = new FailedAuthLimiter({ limit: 3, windowSeconds: 60 }, clock);
    return { sut, clock };
  };

  it('lets an address fail up to the limit, then refuses it until the window ends', () => {
    const { sut, clock } = setup();
    for (let i = 0; i < 2; i += 1) sut.recordFailure('1.2.3.4');
    expect(sut.retryAfterSeconds('1.2.3.4')).toBe(0);
    sut.recordFailure('1.2.3.4');
    expect(sut.retryAfterSeconds('1.2.3.4')).toBe(60);
    clock.t += 45_000;
    expect(sut.retryAfterSeconds('1.2.3.4')).toBe(15);
    clock.t += 15_000;
    expect(sut.retryAfterSeconds('1.2.3.4')).toBe(0);
  });

  it('counts each address on its own', () => {
    const { sut } = setup();
    for (let i = 0; i < 3; i += 1) sut.recordFailure('1.2.3.4');
    expect(sut.retryAfterSeconds('5.6.7.8')).toBe(0);
  });
});
