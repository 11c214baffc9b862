/** A storage region as placement needs it: where it is and how much new load it takes. */
export interface RegionSite {
  code: string;
  latitude: number;
  longitude: number;
  /** Relative share in the deterministic fallback; 0 excludes it there. */
  weight: number;
  /** ISO 3166-1 alpha-2 of the region's location; enables the same-country preference. */
  countryCode?: string | null;
}

export type IndexSource = 'geography' | 'latency' | 'override';

/** Where a location's backups should go, best first, and why the first one is first. */
export interface IndexEntry {
  /** ISO 3166-1 alpha-2 ("DE") or ISO 3166-2 ("US-CA"). */
  scope: string;
  name: string;
  regions: string[];
  source: IndexSource;
  reason: string;
}

/** Curated or DB override: put `region` first for `scope`. */
export interface RegionOverride {
  scope: string;
  region: string;
  reason: string;
}
