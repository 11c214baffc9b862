import type { GeoLocation } from './geo-location';
import type { SubdivisionNameIndex } from './subdivision-name-index';

/** The parts of a GeoIP2/GeoLite2 City record we read (maxmind's CityResponse is compatible). */
export interface GeoIp2CityRecord {
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
  subdivisions?: ReadonlyArray<{ iso_code?: string }>;
  location?: { latitude?: number; longitude?: number; accuracy_radius?: number };
  city?: { names?: { en?: string } };
}

/** ip-location-db / DB-IP Lite City flat record. */
export interface FlatCityRecord {
  country_code?: string;
  state1?: string;
  state2?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
}

export type GeoRecord = GeoIp2CityRecord | FlatCityRecord;

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const countryOf = (value: unknown): string | null => {
  const code = text(value);
  return code !== null && code.length === 2 ? code.toUpperCase() : null;
};

function isFlat(record: GeoRecord): record is FlatCityRecord {
  return 'country_code' in record || 'state1' in record;
}

/**
 * Normalises either record shape to a GeoLocation. Values are taken as-is
 * (including default points): judging them is confidence.ts's job, not ours.
 */
export function normaliseGeoRecord(
  record: GeoRecord | null | undefined,
  names: SubdivisionNameIndex,
): GeoLocation {
  if (!record) {
    return {
      countryCode: null,
      subdivisionCode: null,
      latitude: null,
      longitude: null,
      accuracyRadiusKm: null,
      city: null,
    };
  }
  if (isFlat(record)) {
    const countryCode = countryOf(record.country_code);
    const state = text(record.state1);
    return {
      countryCode,
      subdivisionCode: countryCode !== null && state !== null ? names.lookup(countryCode, state) : null,
      latitude: finite(record.latitude),
      longitude: finite(record.longitude),
      // DB-IP publishes no accuracy radius; null means "not stated", not "exact".
      accuracyRadiusKm: null,
      city: text(record.city),
    };
  }
  // registered_country is deliberately ignored: for anycast/satellite ranges it names the
  // registrant's seat, not where the client is, and a wrong country is worse than none.
  const countryCode = countryOf(record.country?.iso_code);
  const subdivision = text(record.subdivisions?.[0]?.iso_code);
  return {
    countryCode,
    subdivisionCode:
      countryCode !== null && subdivision !== null ? `${countryCode}-${subdivision.toUpperCase()}` : null,
    latitude: finite(record.location?.latitude),
    longitude: finite(record.location?.longitude),
    accuracyRadiusKm: finite(record.location?.accuracy_radius),
    city: text(record.city?.names?.en),
  };
}
