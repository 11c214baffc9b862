import { describe, expect, it } from 'vitest';
import { resolveClientAddress, TrustedProxies } from './client-address';
import { parseForwarded } from './forwarded-header';

const trusted = TrustedProxies.fromCidrs(['10.0.0.0/8', '2001:db8:ffff::/48', '198.51.100.0/24']);
const resolve = (input: Parameters<typeof resolveClientAddress>[0]) => resolveClientAddress(input, trusted);

describe(resolveClientAddress.name, () => {
  it('uses the peer and ignores spoofed headers when the peer is not trusted', () => {
    const sut = resolve({
      peerAddress: '203.0.113.50',
      xForwardedFor: '1.1.1.1',
      forwarded: 'for=8.8.8.8',
    });
    expect(sut).toEqual(
      expect.objectContaining({ ip: '203.0.113.50', viaTrustedProxy: false, source: 'peer' }),
    );
  });

  it('does not even parse headers from an untrusted peer (junk cannot cause an error)', () => {
    expect(resolve({ peerAddress: '203.0.113.50', forwarded: 'for="unterminated' }).ip).toBe('203.0.113.50');
  });

  it('walks X-Forwarded-For right to left skipping trusted hops', () => {
    const sut = resolve({ peerAddress: '10.0.0.2', xForwardedFor: '6.6.6.6, 203.0.113.9, 198.51.100.7' });
    expect(sut).toEqual(
      expect.objectContaining({ ip: '203.0.113.9', viaTrustedProxy: true, source: 'x-forwarded-for' }),
    );
  });

  it('does not let a client-supplied leftmost entry win over the first untrusted hop', () => {
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: '8.8.8.8, 203.0.113.9' }).ip).toBe(
      '203.0.113.9',
    );
  });

  it('ignores client junk left of the real client', () => {
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: 'not-an-ip, 203.0.113.9' }).ip).toBe(
      '203.0.113.9',
    );
  });

  it('accepts header arrays (repeated header lines)', () => {
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: ['192.0.2.1', '10.9.9.9'] }).ip).toBe(
      '192.0.2.1',
    );
  });

  it('normalises IPv4-mapped IPv6 for the peer and for hops', () => {
    expect(resolve({ peerAddress: '::ffff:10.0.0.2', xForwardedFor: '::ffff:192.0.2.44' })).toEqual(
      expect.objectContaining({ ip: '192.0.2.44', viaTrustedProxy: true }),
    );
    expect(resolve({ peerAddress: '::ffff:192.0.2.44' }).ip).toBe('192.0.2.44');
  });

  it('strips ports and brackets from XFF entries', () => {
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: '192.0.2.8:5555' }).ip).toBe('192.0.2.8');
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: '[2001:db8:1::9]:443' }).ip).toBe(
      '2001:db8:1::9',
    );
  });

  it('reads Forwarded when the proxies append that header, with quoting and IPv6', () => {
    const sut = resolveClientAddress(
      {
        peerAddress: '2001:db8:ffff::1',
        forwarded: 'for="[2001:db8:cafe::17]:4711";proto=https, for=198.51.100.3;by=10.0.0.1',
        xForwardedFor: '192.0.2.1',
      },
      trusted,
      { header: 'forwarded' },
    );
    expect(sut).toEqual(expect.objectContaining({ ip: '2001:db8:cafe::17', source: 'forwarded' }));
  });

  it('never lets a client-written Forwarded beat the proxy-appended X-Forwarded-For (or the reverse)', () => {
    // The client sent "Forwarded: for=8.8.8.8"; the proxy at 10.0.0.2 appended the real client to XFF.
    expect(
      resolve({ peerAddress: '10.0.0.2', forwarded: 'for=8.8.8.8', xForwardedFor: '203.0.113.9' }),
    ).toEqual(expect.objectContaining({ ip: '203.0.113.9', source: 'x-forwarded-for' }));
    // Proxies appending Forwarded: a client-written X-Forwarded-For is never read.
    const viaForwarded = resolveClientAddress(
      { peerAddress: '10.0.0.2', forwarded: 'for=203.0.113.9', xForwardedFor: '8.8.8.8' },
      trusted,
      { header: 'forwarded' },
    );
    expect(viaForwarded.ip).toBe('203.0.113.9');
    // A client-written trusted-looking entry in the header the proxies do not use cannot make it "internal".
    expect(resolve({ peerAddress: '10.0.0.2', forwarded: 'for=10.9.9.9' }).ip).toBe('10.0.0.2');
  });

  it('returns a null ip when the first untrusted hop is unknown or obfuscated', () => {
    const fwd = (forwarded: string) =>
      resolveClientAddress({ peerAddress: '10.0.0.2', forwarded }, trusted, { header: 'forwarded' });
    expect(fwd('for=unknown, for=10.1.1.1')).toEqual(
      expect.objectContaining({ ip: null, unidentified: 'unknown', viaTrustedProxy: true }),
    );
    expect(fwd('for=_hidden').unidentified).toBe('obfuscated');
    expect(fwd('proto=https').unidentified).toBe('missing');
  });

  it('returns the leftmost hop when every hop is trusted', () => {
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: '10.5.5.5, 10.6.6.6' }).ip).toBe('10.5.5.5');
  });

  it('falls back to the trusted peer when it sent no forwarding headers', () => {
    expect(resolve({ peerAddress: '10.0.0.2', xForwardedFor: '  ' })).toEqual(
      expect.objectContaining({ ip: '10.0.0.2', source: 'peer', viaTrustedProxy: true }),
    );
  });

  it('throws a stable code when a trusted proxy appended a malformed entry', () => {
    const act = () => resolve({ peerAddress: '10.0.0.2', xForwardedFor: '192.0.2.1, bogus' });
    expect(act).toThrow(expect.objectContaining({ code: 'PLACEMENT.MALFORMED_FORWARDED_HEADER' }));
    expect(act).toThrow(/"bogus"/);
    expect(() => resolve({ peerAddress: '10.0.0.2', xForwardedFor: '192.0.2.1,,10.0.0.3' })).toThrow(
      /empty entry/,
    );
  });

  it('reports no ip for a peer that is not an IP (unix socket)', () => {
    expect(resolve({ peerAddress: '' })).toEqual(
      expect.objectContaining({ ip: null, viaTrustedProxy: false }),
    );
  });
});

describe('CDN ranges (CDN_PROXIES)', () => {
  const cdn = TrustedProxies.fromCidrs(['173.245.48.0/20']);
  const viaCdn = (peerAddress: string, xForwardedFor?: string) =>
    resolveClientAddress({ peerAddress, xForwardedFor }, trusted, { cdn });

  it('marks a client that connected to a CDN edge (the hop that appended it is a CDN range)', () => {
    // client -> CDN edge 173.245.48.7 -> load balancer 10.0.0.2 -> hub
    expect(viaCdn('10.0.0.2', '203.0.113.9, 173.245.48.7')).toEqual(
      expect.objectContaining({ ip: '203.0.113.9', viaCdn: true, viaTrustedProxy: true }),
    );
    // client -> CDN edge -> hub
    expect(viaCdn('173.245.48.7', '203.0.113.9')).toEqual(
      expect.objectContaining({ ip: '203.0.113.9', viaCdn: true }),
    );
  });

  it('does not mark a client that reached the trusted load balancer without the CDN', () => {
    // client -> load balancer -> hub: CF-IPCountry would be the client's own header.
    expect(viaCdn('10.0.0.2', '203.0.113.9')).toEqual(
      expect.objectContaining({ ip: '203.0.113.9', viaCdn: false }),
    );
    // A client claiming a CDN hop left of itself changes nothing: the LB appended the client.
    expect(viaCdn('10.0.0.2', '173.245.48.7, 203.0.113.9').viaCdn).toBe(false);
    expect(viaCdn('203.0.113.9').viaCdn).toBe(false);
  });
});

describe(parseForwarded.name, () => {
  it('parses quoted values containing separators', () => {
    expect(parseForwarded('for="_a.b-c";by="x,y;z", For=192.0.2.1')).toEqual([
      { kind: 'obfuscated', raw: '_a.b-c' },
      { kind: 'address', raw: '192.0.2.1' },
    ]);
  });

  it.each([
    ['for="192.0.2.1', /unterminated/],
    ['for', /without "="/],
    ['for=1.2.3.4;for=5.6.7.8', /duplicate/],
    ['for=1.2.3.4,,for=5.6.7.8', /empty element/],
    ['for=', /empty value/],
    ['for="1.2.3.4"x', /unexpected/],
  ])('rejects %s', (header, message) => {
    expect(() => parseForwarded(header)).toThrow(message);
  });
});

describe(TrustedProxies.name, () => {
  it('rejects a bad CIDR in config', () => {
    expect(() => TrustedProxies.fromCidrs(['10.0.0.0/8', '10.0.0.0/40'])).toThrow(/10\.0\.0\.0\/40/);
  });
});
