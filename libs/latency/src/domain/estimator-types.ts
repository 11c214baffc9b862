/** One stored RTT sample, as the estimator reads it (agent report or imported row). */
export interface LatencyObservation {
  latitude: number;
  longitude: number;
  /** GeoIP accuracy radius of the reporter's location; null if the database has none. */
  accuracyKm: number | null;
  countryCode: string | null;
  /** Who measured: an appliance id, or one imported row. The unit of the weight cap. */
  reporter: string;
  /** The reporter's /24 or /48 (or ASN); null for imported rows. Second unit of the weight cap. */
  network: string | null;
  region: string;
  rttMs: number;
  /** How many measurements this sample stands for (1 for an agent's min-of-N). */
  samples: number;
  /** Epoch ms. */
  measuredAt: number;
}

export interface EstimatorRegion {
  code: string;
  latitude: number;
  longitude: number;
}

export interface EstimatorOptions {
  /** k: the nearest reporting places used per region. */
  neighbours: number;
  /** Reports farther than this from the caller are not evidence for it. */
  radiusKm: number;
  /** Distance at which a neighbour's weight has halved (1 / (1 + (d/scale)^2)). */
  distanceScaleKm: number;
  /** A neighbour in the caller's own country counts this many times more (networks are national). */
  sameCountryFactor: number;
  /** ms of RTT per km of great-circle distance: fibre (0.01 ms/km round trip) with 2x route inflation. */
  msPerKm: number;
  /** Fixed part of the geography-only RTT model (last mile, TLS server work). */
  baseMs: number;
  /** Recency decay: a report this old counts half. */
  halfLifeDays: number;
  /** Reports older than this are ignored. */
  maxAgeDays: number;
  /** Samples at which one reporter reaches its full weight of 1 (its cap). */
  samplesForFullWeight: number;
  /** Most weight one network (/24, /48) carries in one estimate, in reporter units. */
  maxNetworkWeight: number;
  /** Most of the k neighbour slots one network may take, so a flood from one network cannot crowd others out. */
  maxSitesPerNetwork: number;
  /** Weight of the geography prior in the shrinkage (reporter units). */
  priorWeight: number;
  /** A region's estimate is confident with at least this many reporters and networks. */
  minReporters: number;
  minNetworks: number;
}

export const DEFAULT_ESTIMATOR_OPTIONS: Readonly<EstimatorOptions> = Object.freeze({
  neighbours: 8,
  radiusKm: 800,
  distanceScaleKm: 150,
  sameCountryFactor: 2,
  msPerKm: 0.02,
  baseMs: 2,
  halfLifeDays: 14,
  maxAgeDays: 90,
  samplesForFullWeight: 3,
  maxNetworkWeight: 1,
  maxSitesPerNetwork: 2,
  priorWeight: 0.5,
  minReporters: 3,
  minNetworks: 2,
});

export interface EstimateQuery {
  latitude: number;
  longitude: number;
  countryCode?: string | null;
}

export interface RegionEstimate {
  region: string;
  /** Estimated RTT, rounded to 0.1 ms. */
  rttMs: number;
  /** 0..1; 0 unless the minimum reporters and networks are met. */
  confidence: number;
  basis: 'measured' | 'geography';
  reporters: number;
  networks: number;
  /** Distance to the nearest reporting place used; null without evidence. */
  nearestKm: number | null;
  /** Age of the newest sample used (ms); null without evidence. */
  newestAgeMs: number | null;
}

export interface Estimate {
  /** Every region, lowest estimated RTT first (ties by code). */
  regions: readonly RegionEstimate[];
}
