import type { GeoLocation } from '@landfall/geoip';
import { describe, expect, it } from 'vitest';
import { classifyConfidence, DEFAULT_CONFIDENCE_OPTIONS } from './confidence';

const located = (patch: Partial<GeoLocation>): GeoLocation => ({
  countryCode: 'US',
  subdivisionCode: 'US-CA',
  latitude: 37.386,
  longitude: -122.084,
  accuracyRadiusKm: 20,
  city: 'Mountain View',
  ...patch,
});

describe(classifyConfidence.name, () => {
  it('is precise for a real point with a small radius', () => {
    expect(classifyConfidence(located({}))).toEqual({ level: 'precise', reasons: [] });
  });

  it('treats an unstated radius (DB-IP) as precise when the point is real', () => {
    expect(classifyConfidence(located({ accuracyRadiusKm: null })).level).toBe('precise');
  });

  it.each([
    [{ latitude: null }, /no coordinates/],
    [{ longitude: null }, /no coordinates/],
    [{ latitude: 0, longitude: 0 }, /\(0,0\)/],
    [{ latitude: 37.751, longitude: -97.822 }, /GeoLite2 US centre/],
    [{ latitude: 37.7512, longitude: -97.8219 }, /GeoLite2 US centre/],
    [{ latitude: 38, longitude: -97 }, /legacy US default/],
    [{ accuracyRadiusKm: 1000 }, /accuracy radius 1000 km >= 500 km/],
    [{ accuracyRadiusKm: 500 }, /accuracy radius 500 km/],
  ])('downgrades %o to country-only', (patch, reason) => {
    const sut = classifyConfidence(located(patch));
    expect(sut.level).toBe('country-only');
    expect(sut.reasons.join('; ')).toMatch(reason);
  });

  it('keeps every reason, not just the first', () => {
    expect(
      classifyConfidence(located({ latitude: 38, longitude: -97, accuracyRadiusKm: 1000 })).reasons,
    ).toHaveLength(2);
  });

  it('is unknown without a country, whatever the coordinates say', () => {
    expect(classifyConfidence(located({ countryCode: null }))).toEqual({
      level: 'unknown',
      reasons: ['no country in GeoIP record'],
    });
    expect(classifyConfidence(null).level).toBe('unknown');
  });

  it('honours configured default points, tolerance and threshold', () => {
    const options = {
      defaultPoints: [{ latitude: 51, longitude: 9, label: 'DE centre' }],
      defaultPointToleranceDegrees: 0.5,
      maxAccuracyRadiusKm: 50,
    };
    expect(classifyConfidence(located({ latitude: 51.3, longitude: 9.2 }), options).reasons).toEqual([
      'coordinates are a known default point (DE centre)',
    ]);
    expect(classifyConfidence(located({ accuracyRadiusKm: 50 }), options).level).toBe('country-only');
    expect(classifyConfidence(located({ latitude: 38, longitude: -97 }), options).level).toBe('precise');
    expect(DEFAULT_CONFIDENCE_OPTIONS.maxAccuracyRadiusKm).toBe(500);
  });
});
