import { describe, expect, it } from 'vitest';
import { normaliseGeoRecord } from './normalise-geo-record';
import { SubdivisionNameIndex } from './subdivision-name-index';

const names = new SubdivisionNameIndex();
const sut = (record: Parameters<typeof normaliseGeoRecord>[0]) => normaliseGeoRecord(record, names);

describe(normaliseGeoRecord.name, () => {
  it('reads a GeoIP2/GeoLite2 City record', () => {
    expect(
      sut({
        country: { iso_code: 'US' },
        subdivisions: [{ iso_code: 'CA' }, { iso_code: 'XX' }],
        location: { latitude: 37.386, longitude: -122.0838, accuracy_radius: 20 },
        city: { names: { en: 'Mountain View' } },
      }),
    ).toEqual({
      countryCode: 'US',
      subdivisionCode: 'US-CA',
      latitude: 37.386,
      longitude: -122.0838,
      accuracyRadiusKm: 20,
      city: 'Mountain View',
    });
  });

  it('reads a flat DB-IP record and maps the state NAME to ISO 3166-2 (real DB-IP values)', () => {
    expect(
      sut({
        city: 'Falkenstein',
        country_code: 'DE',
        latitude: 50.474998474121094,
        longitude: 12.364999771118164,
        postcode: '',
        state1: 'Saxony',
        state2: '',
        timezone: '',
      } as Parameters<typeof normaliseGeoRecord>[0]),
    ).toEqual({
      countryCode: 'DE',
      subdivisionCode: 'DE-SN',
      latitude: 50.474998474121094,
      longitude: 12.364999771118164,
      accuracyRadiusKm: null,
      city: 'Falkenstein',
    });
  });

  it('leaves the subdivision null when the flat state name is unknown', () => {
    expect(sut({ country_code: 'fr', state1: 'Hauts-de-France' })).toMatchObject({
      countryCode: 'FR',
      subdivisionCode: null,
    });
  });

  it('does not invent a subdivision without a country', () => {
    expect(sut({ subdivisions: [{ iso_code: 'CA' }] }).subdivisionCode).toBeNull();
    expect(sut({ state1: 'California' }).subdivisionCode).toBeNull();
  });

  it('ignores registered_country (anycast ranges must not be placed by their registrant)', () => {
    expect(sut({ registered_country: { iso_code: 'US' } }).countryCode).toBeNull();
  });

  it('returns all nulls for a missing record and for junk values', () => {
    expect(sut(null)).toEqual({
      countryCode: null,
      subdivisionCode: null,
      latitude: null,
      longitude: null,
      accuracyRadiusKm: null,
      city: null,
    });
    expect(sut({ country: { iso_code: 'USA' }, location: { latitude: Number.NaN } })).toMatchObject({
      countryCode: null,
      latitude: null,
    });
  });
});
