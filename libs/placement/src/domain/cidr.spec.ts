import { describe, expect, it } from 'vitest';
import { parseCidr } from './cidr';
import { normaliseIpLiteral, parseIp } from './ip-address';
import { PrefixTable } from './prefix-table';

describe(parseCidr.name, () => {
  it('parses IPv4 and IPv6 networks and single hosts', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ version: 4, prefixLength: 8, text: '10.0.0.0/8' });
    expect(parseCidr('2001:DB8::/32')).toMatchObject({ version: 6, prefixLength: 32, text: '2001:db8::/32' });
    expect(parseCidr('192.0.2.7')).toMatchObject({ prefixLength: 32 });
    expect(parseCidr('::1')).toMatchObject({ prefixLength: 128 });
  });

  it.each([
    ['10.0.0.0/33', /0\.\.32/],
    ['2001:db8::/129', /0\.\.128/],
    ['10.0.0.1/8', /host bits/],
    ['10.0.0/8', /not an IPv4 or IPv6/],
    ['banana', /not an IPv4 or IPv6/],
    ['10.0.0.0/x', /prefix length/],
    ['[2001:db8::]/32', /not an IPv4 or IPv6/],
    ['', /not an IPv4 or IPv6/],
  ])('rejects %s with a clear message', (input, message) => {
    const act = () => parseCidr(input);
    expect(act).toThrow(message);
    expect(act).toThrow(expect.objectContaining({ code: 'PLACEMENT.INVALID_CIDR' }));
  });
});

describe(normaliseIpLiteral.name, () => {
  it.each([
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['1.2.3.4:80', '1.2.3.4'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['"[2001:DB8::1]"', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    [' 203.0.113.9 ', '203.0.113.9'],
    ['[::ffff:10.1.2.3]:8080', '10.1.2.3'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseIpLiteral(raw)).toBe(expected);
  });

  it.each(['unknown', '_hidden', '1.2.3.4:', '[2001:db8::1', '2001:db8::1]:443', '999.1.1.1'])(
    'returns null for %s',
    (raw) => {
      expect(normaliseIpLiteral(raw)).toBeNull();
    },
  );
});

describe(PrefixTable.name, () => {
  const lookup = (sut: PrefixTable<string>, ip: string) => sut.lookup(parseIp(ip)!);

  it('returns the most specific match for both families', () => {
    const sut = new PrefixTable<string>();
    sut.add(parseCidr('10.0.0.0/8'), 'wide');
    sut.add(parseCidr('10.1.0.0/16'), 'narrow');
    sut.add(parseCidr('2600:1f00::/24'), 'v6-wide');
    sut.add(parseCidr('2600:1f14::/35'), 'v6-narrow');
    expect(lookup(sut, '10.1.2.3')).toBe('narrow');
    expect(lookup(sut, '10.2.2.3')).toBe('wide');
    expect(lookup(sut, '11.0.0.1')).toBeUndefined();
    expect(lookup(sut, '2600:1f14:1::5')).toBe('v6-narrow');
    expect(lookup(sut, '2600:1f18::5')).toBe('v6-wide');
    expect(lookup(sut, '2601::1')).toBeUndefined();
  });

  it('keeps IPv4 and IPv6 apart and treats mapped addresses as IPv4', () => {
    const sut = new PrefixTable<string>();
    sut.add(parseCidr('0.0.0.0/0'), 'any-v4');
    expect(lookup(sut, '::1')).toBeUndefined();
    expect(lookup(sut, '::ffff:8.8.8.8')).toBe('any-v4');
  });

  it('keeps the first value for a duplicate prefix', () => {
    const sut = new PrefixTable<string>();
    sut.add(parseCidr('52.0.0.0/8'), 'first');
    sut.add(parseCidr('52.0.0.0/8'), 'second');
    expect(lookup(sut, '52.1.1.1')).toBe('first');
    expect(sut.size).toBe(1);
  });
});
