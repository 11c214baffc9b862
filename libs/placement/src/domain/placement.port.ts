import type { RequestClientAddress } from '@landfall/common';
import type { PlacementDecision as EngineDecision } from './decide';

/** What the agent-init flow asks placement for; the placement library implements it (PLACEMENT token). */
export interface PlacementRequest {
  applianceId: string;
  accountId: string;
  /** Who called, as the hub resolved it once for this request (trusted proxies, CDN ranges). */
  client: RequestClientAddress;
  /** Request headers as received: CDN headers are read only when `client.viaCdn`. */
  headers: Record<string, string | string[] | undefined>;
  /** A region the agent says it runs in (e.g. its cloud region); honoured only if active. */
  regionHint?: string;
  /** Region of the appliance's existing backup: placement is sticky. */
  existingBackupRegion?: string;
}

/** The engine's decision plus the client address it was made for. */
export type PlacementDecision = EngineDecision & { clientIp: string | null };

/** A region an agent can time (docs/agents-latency.md). */
export interface ProbeTarget {
  region: string;
  url: string;
  method: 'https-head';
  attempts: number;
}

export interface PlacementPort {
  decide(request: PlacementRequest): Promise<PlacementDecision>;
  /** The top candidates to time, the chosen region first. */
  probesFor(region: string, candidates: readonly string[]): ProbeTarget[];
}

export const PLACEMENT = Symbol('PLACEMENT');
