/** What the agent-init flow asks placement for; the placement library implements it (PLACEMENT token). */
export interface PlacementRequest {
  applianceId: string;
  accountId: string;
  /** The TCP peer of the request (a proxy, when one is in front). */
  peerIp: string;
  /** Request headers as received: placement itself decides which to trust (forwarded, CDN). */
  headers: Record<string, string | string[] | undefined>;
  /** A region the agent says it runs in (e.g. its cloud region); honoured only if active. */
  regionHint?: string;
  /** Region of the appliance's existing backup: placement is sticky. */
  existingBackupRegion?: string;
}

export type PlacementSignal =
  | 'existing-backup'
  | 'appliance-pin'
  | 'account-pin'
  | 'region-hint'
  | 'cloud-ip-range'
  | 'cdn-header'
  | 'geoip-subdivision'
  | 'geoip-country'
  | 'weighted-fallback';

export type LocationConfidence = 'precise' | 'country-only' | 'unknown';

/** The explainable outcome: agents get it in every init response, operators through /admin/v1/placement/explain. */
export interface PlacementDecision {
  region: string;
  candidates: string[];
  signal: PlacementSignal;
  confidence: LocationConfidence;
  clientIp: string;
  countryCode: string | null;
  subdivisionCode: string | null;
  override?: { scope: string; reason: string };
  pin?: { target: 'appliance' | 'account'; reason: string };
  reasons: string[];
}

export interface PlacementPort {
  decide(request: PlacementRequest): Promise<PlacementDecision>;
}

export const PLACEMENT = Symbol('PLACEMENT');
