import { describe, expect, it } from 'vitest';
import { client, env, full, geo, sut } from '../testing/decide-world';
import { decide } from './decide';

describe(decide.name, () => {
  describe('precedence (each step wins over everything below it)', () => {
    it('1. keeps an existing backup where it is', () => {
      expect(sut(full)).toMatchObject({ region: 'us-east-1', signal: 'existing-backup' });
    });

    it('2a. appliance pin', () => {
      const decision = sut({ ...full, existingBackupRegion: null });
      expect(decision).toMatchObject({ region: 'eu-central-1', signal: 'appliance-pin' });
      expect(decision.pin).toEqual({ level: 'appliance', region: 'eu-central-1', reason: 'customer asked' });
    });

    it('2b. account pin', () => {
      const decision = sut({ ...full, existingBackupRegion: null, appliancePin: null });
      expect(decision).toMatchObject({
        region: 'ca-central-1',
        signal: 'account-pin',
        pin: { level: 'account' },
      });
    });

    it('3. agent region hint', () => {
      const decision = sut({ ...full, existingBackupRegion: null, appliancePin: null, accountPin: null });
      expect(decision).toMatchObject({ region: 'us-west-2', signal: 'region-hint' });
    });

    const belowHint = {
      ...full,
      existingBackupRegion: null,
      appliancePin: null,
      accountPin: null,
      regionHint: null,
    };

    it('4. operator cloud IP range (IPv4 and IPv6)', () => {
      expect(sut(belowHint)).toMatchObject({ region: 'us-west-2', signal: 'cloud-ip-range' });
      expect(sut({ ...belowHint, client: client('2a05:d014:8::1', true) })).toMatchObject({
        region: 'eu-central-1',
        signal: 'cloud-ip-range',
      });
    });

    const belowCloud = { ...belowHint, client: client('2001:db8::77', true) };

    it('5a. CDN country via a CDN range', () => {
      expect(sut(belowCloud)).toMatchObject({ region: 'eu-central-1', signal: 'cdn-country' });
    });

    it('5b. CDN colo when the country is XX or T1', () => {
      for (const cfIpCountry of ['XX', 'T1']) {
        const decision = sut({ ...belowCloud, cdn: { cfIpCountry, cfRay: '8a1b2c3d4e5f6789-YUL' } });
        expect(decision).toMatchObject({ region: 'ca-central-1', signal: 'cdn-colo' });
        expect(decision.reasons).toContain(`CF-IPCountry ${cfIpCountry} means unknown/Tor; ignored`);
        expect(decision.candidates).toEqual(['ca-central-1', 'us-east-1', 'us-west-2', 'eu-central-1']);
      }
    });

    const belowCdn = { ...belowCloud, cdn: null };

    it('6. GeoIP subdivision when precise', () => {
      expect(sut(belowCdn)).toMatchObject({
        region: 'us-west-2',
        signal: 'geoip-subdivision',
        confidence: 'precise',
        countryCode: 'US',
        subdivisionCode: 'US-CA',
      });
    });

    it('7. GeoIP country', () => {
      expect(sut({ ...belowCdn, geo: geo({ subdivisionCode: null }) })).toMatchObject({
        region: 'us-east-1',
        signal: 'geoip-country',
      });
    });

    it('8. deterministic weighted fallback', () => {
      const decision = sut({ ...belowCdn, geo: null });
      expect(decision.signal).toBe('weighted-fallback');
      expect(decision.confidence).toBe('unknown');
      expect(sut({ ...belowCdn, geo: null }).region).toBe(decision.region);
      expect(['us-east-1', 'us-west-2', 'ca-central-1', 'eu-central-1']).toContain(decision.region);
    });
  });

  describe('switching a signal off falls through to the next', () => {
    it.each([
      ['existingBackup', 'appliance-pin'],
      ['pins', 'region-hint'],
    ] as const)('%s off -> %s', (signal, next) => {
      const context = signal === 'pins' ? { ...full, existingBackupRegion: null } : full;
      expect(sut(context, env({ [signal]: false })).signal).toBe(next);
    });

    it('regionHint off -> cloud-ip-range', () => {
      const context = { ...full, existingBackupRegion: null, appliancePin: null, accountPin: null };
      expect(sut(context, env({ regionHint: false })).signal).toBe('cloud-ip-range');
    });

    const minimal = { client: client('52.94.77.7', true), cdn: full.cdn, geo: geo() };

    it('cloudIpRanges off -> cdn-country', () => {
      expect(sut(minimal, env({ cloudIpRanges: false })).signal).toBe('cdn-country');
    });

    it('cdnHeaders off -> geoip-subdivision', () => {
      expect(sut(minimal, env({ cloudIpRanges: false, cdnHeaders: false })).signal).toBe('geoip-subdivision');
    });

    it('geoipSubdivision off -> geoip-country', () => {
      expect(sut({ geo: geo() }, env({ geoipSubdivision: false }))).toMatchObject({
        signal: 'geoip-country',
        region: 'us-east-1',
      });
    });

    it('geoipCountry off -> weighted-fallback', () => {
      const off = env({ geoipSubdivision: false, geoipCountry: false });
      expect(sut({ geo: geo() }, off).signal).toBe('weighted-fallback');
    });
  });

  describe('region status', () => {
    it('keeps an existing backup in a draining region', () => {
      const decision = sut({ existingBackupRegion: 'eu-west-1' });
      expect(decision).toMatchObject({ region: 'eu-west-1', signal: 'existing-backup' });
      expect(decision.candidates[0]).toBe('eu-west-1');
      expect(decision.candidates.slice(1)).not.toContain('ap-southeast-2');
    });

    it('places anew when the existing backup region is disabled or unknown', () => {
      const decision = sut({ existingBackupRegion: 'ap-southeast-2', geo: geo() });
      expect(decision.signal).toBe('geoip-subdivision');
      expect(decision.reasons).toContain('existing backup region ap-southeast-2 is disabled; placing anew');
      expect(sut({ existingBackupRegion: 'xx-nowhere-1' }).reasons).toContain(
        'existing backup region xx-nowhere-1 is unknown; placing anew',
      );
    });

    it('ignores pins and hints to draining or disabled regions', () => {
      const decision = sut({
        appliancePin: { region: 'eu-west-1', reason: 'old' },
        accountPin: { region: 'ap-southeast-2', reason: 'old' },
        regionHint: 'eu-west-1',
        geo: geo({ subdivisionCode: null }),
      });
      expect(decision.signal).toBe('geoip-country');
      expect(decision.reasons).toEqual(
        expect.arrayContaining([
          'appliance pin to eu-west-1 ignored: region is draining',
          'account pin to ap-southeast-2 ignored: region is disabled',
          'agent hint eu-west-1 ignored: region is draining',
        ]),
      );
    });

    it('does not use a cloud range of a draining region', () => {
      const decision = sut({ client: client('52.95.1.1'), geo: null });
      expect(decision.signal).toBe('weighted-fallback');
      expect(decision.reasons).toContain(
        'caller IP is in eu-west-1 address space but that region is not active',
      );
    });

    it('skips draining and disabled regions in index candidates', () => {
      expect(sut({ geo: geo({ countryCode: 'IE', subdivisionCode: null }) })).toMatchObject({
        region: 'eu-central-1',
        candidates: ['eu-central-1', 'ca-central-1', 'us-east-1', 'us-west-2'],
      });
      // Only a disabled region listed: fall back to the active regions nearest to it.
      expect(sut({ geo: geo({ countryCode: 'AU', subdivisionCode: null }) }).region).toBe('us-west-2');
    });

    it('never picks a draining or disabled region in the fallback', () => {
      const picked = new Set(Array.from({ length: 500 }, (_, i) => sut({ applianceId: `a-${i}` }).region));
      expect(picked).toEqual(new Set(['us-east-1', 'us-west-2', 'ca-central-1', 'eu-central-1']));
    });
  });

  describe('spoofing', () => {
    it('ignores CDN headers that did not come through a CDN range', () => {
      const decision = sut({ client: client('203.0.113.5', false), cdn: { cfIpCountry: 'DE' }, geo: geo() });
      expect(decision.signal).toBe('geoip-subdivision');
      expect(decision.reasons).toContain(
        'CDN headers ignored: the client did not connect through a configured CDN range',
      );
    });

    it('ignores a malformed CF-Ray and an unknown colo', () => {
      for (const cfRay of ['nonsense', '8a1b-ZZZ']) {
        expect(sut({ client: client('203.0.113.5', true), cdn: { cfRay }, geo: null }).signal).toBe(
          'weighted-fallback',
        );
      }
    });
  });

  describe('confidence', () => {
    it('never places by a default point below country level', () => {
      const decision = sut({ geo: geo({ latitude: 37.751, longitude: -97.822, subdivisionCode: 'US-CA' }) });
      expect(decision).toMatchObject({
        signal: 'geoip-country',
        confidence: 'country-only',
        region: 'us-east-1',
      });
      expect(decision.reasons[0]).toMatch(/^geoip: coordinates are a known default point/);
    });

    it('uses the country only when the accuracy radius is too large', () => {
      expect(sut({ geo: geo({ accuracyRadiusKm: 1000 }) })).toMatchObject({
        signal: 'geoip-country',
        confidence: 'country-only',
      });
    });

    it('does not place by a record without a country', () => {
      expect(sut({ geo: geo({ countryCode: null }) })).toMatchObject({
        signal: 'weighted-fallback',
        confidence: 'unknown',
      });
    });
  });

  it('reports overrides and explains index decisions', () => {
    const decision = sut({ geo: geo({ countryCode: 'CA', subdivisionCode: null }) });
    expect(decision).toMatchObject({
      region: 'ca-central-1',
      override: { scope: 'CA', reason: 'override: data residency' },
    });
    expect(decision.reasons).toEqual([
      'GeoIP country CA -> ca-central-1 (override: override: data residency)',
    ]);
  });

  it('falls through to the country when the subdivision has no index entry', () => {
    expect(sut({ geo: geo({ subdivisionCode: 'US-ZZ' }) })).toMatchObject({ signal: 'geoip-country' });
  });
});
