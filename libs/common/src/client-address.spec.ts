import { describe, expect, it } from 'vitest';
import { attachClientAddress, clientAddressOf, type RequestClientAddress } from './client-address';

const peer = (ip: string): RequestClientAddress => ({
  ip,
  peerIp: ip,
  viaTrustedProxy: false,
  viaCdn: false,
  source: 'peer',
});

describe('client address of a request', () => {
  it('is resolved on first use, once, from the peer read when the request arrived', () => {
    let calls = 0;
    const request = { ip: '192.0.2.1', headers: {} };
    attachClientAddress(request, ({ peerIp }) => {
      calls += 1;
      return peer(peerIp);
    });
    expect(calls).toBe(0);
    request.ip = '198.51.100.9';
    expect(clientAddressOf(request).ip).toBe('192.0.2.1');
    expect(clientAddressOf(request).ip).toBe('192.0.2.1');
    expect(calls).toBe(1);
  });

  it('throws the resolution error to every reader', () => {
    const request = { ip: '192.0.2.1', headers: {} };
    attachClientAddress(request, () => {
      throw new Error('malformed forwarded header');
    });
    expect(() => clientAddressOf(request)).toThrow('malformed forwarded header');
    expect(() => clientAddressOf(request)).toThrow('malformed forwarded header');
  });

  it('refuses a request the hub never bound (a wiring fault)', () => {
    expect(() => clientAddressOf({})).toThrow(/attachClientAddress must run/);
  });
});
