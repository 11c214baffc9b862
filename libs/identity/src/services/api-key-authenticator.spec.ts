import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@landfall/config';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import type { ApiKeyRepository } from '../repositories/api-key.repository';
import { FakeApiKeyRepository } from '../testing/fake-api-key-repository';
import { ApiKeyAuthenticator } from './api-key-authenticator';

describe(ApiKeyAuthenticator.name, () => {
  let sut: ApiKeyAuthenticator;
  let keys: FakeApiKeyRepository;
  let clock: FakeClock;
  const config = loadConfig({});

  beforeEach(() => {
    keys = new FakeApiKeyRepository();
    clock = new FakeClock();
    sut = new ApiKeyAuthenticator(keys as unknown as ApiKeyRepository, clock, config);
  });

  it('admits an admin key with its scopes and an appliance key with its owners', async () => {
    const admin = keys.add('admin', { scopes: ['backups:read'] });
    const appliance = keys.add('appliance');
    await expect(sut.authenticate(admin.plaintext)).resolves.toEqual({
      kind: 'admin',
      keyId: admin.id,
      keyPrefix: admin.prefix,
      scopes: ['backups:read'],
    });
    await expect(sut.authenticate(appliance.plaintext)).resolves.toEqual({
      kind: 'appliance',
      keyId: appliance.id,
      keyPrefix: appliance.prefix,
      applianceId: 'appliance-1',
      accountId: 'account-1',
    });
  });

  it('refuses a malformed key, an unknown prefix, a wrong secret and a key of another kind alike', async () => {
    const admin = keys.add('admin');
    const wrongSecret = admin.plaintext.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const otherKind = admin.plaintext.replace('lf_adm_', 'lf_app_');
    for (const plaintext of [
      'not a key',
      wrongSecret,
      otherKind,
      `lf_adm_${'a'.repeat(12)}_${'b'.repeat(43)}`,
    ]) {
      await expect(sut.authenticate(plaintext)).rejects.toMatchObject({ code: 'AUTH.INVALID_KEY' });
    }
  });

  it('tells a revoked, an expired and a disabled owner apart only to whoever holds the secret', async () => {
    const revoked = keys.add('appliance', { revokedAt: clock.date() });
    const expired = keys.add('appliance', { expiresAt: clock.date() });
    const accountOff = keys.add('appliance', { accountActive: false });
    const applianceOff = keys.add('appliance', { applianceActive: false });
    await expect(sut.authenticate(revoked.plaintext)).rejects.toMatchObject({ code: 'AUTH.REVOKED_KEY' });
    await expect(sut.authenticate(expired.plaintext)).rejects.toMatchObject({ code: 'AUTH.EXPIRED_KEY' });
    await expect(sut.authenticate(accountOff.plaintext)).rejects.toMatchObject({
      code: 'AUTH.ACCOUNT_DISABLED',
    });
    await expect(sut.authenticate(applianceOff.plaintext)).rejects.toMatchObject({
      code: 'AUTH.APPLIANCE_DISABLED',
    });
  });

  it('caches a key row for the configured seconds, and forgets it when told', async () => {
    const key = keys.add('admin');
    await sut.authenticate(key.plaintext);
    await sut.authenticate(key.plaintext);
    expect(keys.lookups).toBe(1);

    clock.advance(config.auth.keyCacheSeconds * 1000);
    await sut.authenticate(key.plaintext);
    expect(keys.lookups).toBe(2);

    sut.forget(key.prefix);
    await sut.authenticate(key.plaintext);
    expect(keys.lookups).toBe(3);
  });

  it('sees a revocation made elsewhere once the cached row has run out', async () => {
    const key = keys.add('admin');
    await sut.authenticate(key.plaintext);
    keys.keys.get(key.prefix)!.revokedAt = clock.date();
    clock.advance(config.auth.keyCacheSeconds * 1000);
    await expect(sut.authenticate(key.plaintext)).rejects.toMatchObject({ code: 'AUTH.REVOKED_KEY' });
  });
});
