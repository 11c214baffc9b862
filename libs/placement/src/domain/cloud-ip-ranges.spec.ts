import { describe, expect, it } from 'vitest';
import { CloudIpRanges } from './cloud-ip-ranges';
import { parseIp } from './ip-address';

const document = {
  syncToken: '1',
  prefixes: [
    { ip_prefix: '3.0.0.0/9', region: 'GLOBAL', service: 'AMAZON' },
    { ip_prefix: '3.5.140.0/22', region: 'ap-northeast-2', service: 'AMAZON' },
    { ip_prefix: '52.94.0.0/16', region: 'us-east-1', service: 'AMAZON' },
    { ip_prefix: '52.94.76.0/22', region: 'us-west-2', service: 'AMAZON' },
    { ip_prefix: '13.34.0.0/16', region: 'cn-north-1', service: 'AMAZON' },
  ],
  ipv6_prefixes: [{ ipv6_prefix: '2a05:d018::/35', region: 'eu-west-1', service: 'EC2' }],
};
const regionOf = (sut: CloudIpRanges, ip: string) => sut.regionOf(parseIp(ip)!);

describe(CloudIpRanges.name, () => {
  const sut = CloudIpRanges.fromAwsIpRanges(document, { 'cn-north-1': null });

  it('finds the most specific range for IPv4 and IPv6', () => {
    expect(regionOf(sut, '52.94.77.1')).toBe('us-west-2');
    expect(regionOf(sut, '52.94.1.1')).toBe('us-east-1');
    expect(regionOf(sut, '2a05:d018:1::1')).toBe('eu-west-1');
    expect(regionOf(sut, '3.5.141.9')).toBe('ap-northeast-2');
  });

  it('skips GLOBAL and unmapped provider regions', () => {
    expect(regionOf(sut, '3.1.1.1')).toBeUndefined();
    expect(regionOf(sut, '13.34.1.1')).toBeUndefined();
    expect(sut.size).toBe(4);
  });

  it('maps provider regions to our codes', () => {
    const mapped = CloudIpRanges.fromAwsIpRanges(document, { 'us-west-2': 'pdx' });
    expect(regionOf(mapped, '52.94.77.1')).toBe('pdx');
  });

  it.each([
    [null, /"prefixes" and "ipv6_prefixes"/],
    [{ prefixes: [] }, /"prefixes" and "ipv6_prefixes"/],
    [{ prefixes: [{ ip_prefix: '1.2.3.0/24' }], ipv6_prefixes: [] }, /prefixes\[0\]: missing/],
    [
      { prefixes: [], ipv6_prefixes: [{ ipv6_prefix: '2a05::/200', region: 'x' }] },
      /ipv6_prefixes\[0\]: Invalid CIDR/,
    ],
  ])('rejects a bad document (%#)', (bad, message) => {
    expect(() => CloudIpRanges.fromAwsIpRanges(bad)).toThrow(message);
  });
});
