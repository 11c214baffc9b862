import { describe, expect, it } from 'vitest';
import { loadConfig } from '@landfall/config';
import { ClientAddressService } from './client-address.service';

describe(ClientAddressService.name, () => {
  const sut = new ClientAddressService(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8' }));

  it('answers a direct peer with itself, whatever headers it sends, every time', () => {
    const first = sut.resolve({ peerIp: '198.51.100.7', headers: { 'x-forwarded-for': '203.0.113.1' } });
    const again = sut.resolve({ peerIp: '198.51.100.7', headers: { 'x-forwarded-for': '192.0.2.99' } });
    expect(first).toMatchObject({ ip: '198.51.100.7', viaTrustedProxy: false, source: 'peer' });
    expect(again).toEqual(first);
  });

  it('reads the forwarded header of a trusted proxy on every request (never a remembered answer)', () => {
    const one = sut.resolve({ peerIp: '10.1.2.3', headers: { 'x-forwarded-for': '203.0.113.1' } });
    const two = sut.resolve({ peerIp: '10.1.2.3', headers: { 'x-forwarded-for': '192.0.2.99' } });
    expect(one).toMatchObject({ ip: '203.0.113.1', viaTrustedProxy: true });
    expect(two).toMatchObject({ ip: '192.0.2.99', viaTrustedProxy: true });
  });

  it('still refuses a malformed entry a trusted proxy appended', () => {
    expect(() => sut.resolve({ peerIp: '10.1.2.3', headers: { 'x-forwarded-for': 'not-an-ip' } })).toThrow(
      /Malformed X-Forwarded-For/,
    );
  });
});
