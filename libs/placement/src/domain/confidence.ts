import type { GeoLocation } from '@landfall/geoip';

export type GeoConfidence = 'precise' | 'country-only' | 'unknown';

export interface DefaultPoint {
  latitude: number;
  longitude: number;
  label: string;
}

export interface ConfidenceOptions {
  /** Points databases return when they only know the country; never place by them. */
  defaultPoints: readonly DefaultPoint[];
  /** Degrees; the databases round these points, so exact equality is not enough. */
  defaultPointToleranceDegrees: number;
  /** Records at or above this accuracy radius are country-level at best. */
  maxAccuracyRadiusKm: number;
}

export const DEFAULT_CONFIDENCE_OPTIONS: Readonly<ConfidenceOptions> = Object.freeze({
  defaultPoints: Object.freeze([
    { latitude: 37.751, longitude: -97.822, label: 'GeoLite2 US centre' },
    { latitude: 38, longitude: -97, label: 'MaxMind legacy US default' },
  ]),
  defaultPointToleranceDegrees: 0.01,
  maxAccuracyRadiusKm: 500,
});

export interface ConfidenceResult {
  level: GeoConfidence;
  /** Why the level is not higher; empty for precise. Shown by "explain". */
  reasons: string[];
}

/** Grades a GeoLocation; only 'precise' may be used below country level. */
export function classifyConfidence(
  location: GeoLocation | null | undefined,
  options: ConfidenceOptions = DEFAULT_CONFIDENCE_OPTIONS,
): ConfidenceResult {
  if (!location || location.countryCode === null)
    return { level: 'unknown', reasons: ['no country in GeoIP record'] };
  const reasons: string[] = [];
  const { latitude, longitude, accuracyRadiusKm } = location;
  if (latitude === null || longitude === null) {
    reasons.push('no coordinates');
  } else {
    if (latitude === 0 && longitude === 0) reasons.push('coordinates are (0,0)');
    const tolerance = options.defaultPointToleranceDegrees;
    for (const point of options.defaultPoints) {
      if (
        Math.abs(point.latitude - latitude) <= tolerance &&
        Math.abs(point.longitude - longitude) <= tolerance
      ) {
        reasons.push(`coordinates are a known default point (${point.label})`);
      }
    }
  }
  if (accuracyRadiusKm !== null && accuracyRadiusKm >= options.maxAccuracyRadiusKm) {
    reasons.push(`accuracy radius ${accuracyRadiusKm} km >= ${options.maxAccuracyRadiusKm} km`);
  }
  return { level: reasons.length === 0 ? 'precise' : 'country-only', reasons };
}
