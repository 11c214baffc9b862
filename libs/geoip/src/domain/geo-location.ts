/** What placement needs from any GeoIP database, whatever its record shape. */
export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: string | null;
  /** ISO 3166-2, e.g. "US-CA". */
  subdivisionCode: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracyRadiusKm: number | null;
  city: string | null;
}

export const UNKNOWN_LOCATION: Readonly<GeoLocation> = Object.freeze({
  countryCode: null,
  subdivisionCode: null,
  latitude: null,
  longitude: null,
  accuracyRadiusKm: null,
  city: null,
});
