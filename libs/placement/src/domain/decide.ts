import type { GeoLocation } from '@landfall/geoip';
import { coloFromCfRay } from './airport-locations';
import { measuredOutcome, type MeasuredEvidence } from './measured-signal';
import type { ClientAddress } from './client-address';
import { classifyConfidence, type GeoConfidence } from './confidence';
import type { PlacementEnvironment, ResolvedEntry } from './placement-environment';
import { pickWeighted } from './weighted-fallback';

export interface PlacementPin {
  region: string;
  reason: string;
}

export interface PlacementContext {
  applianceId: string;
  /** Region of the appliance's existing backup, if any (sticky). */
  existingBackupRegion?: string | null;
  appliancePin?: PlacementPin | null;
  accountPin?: PlacementPin | null;
  /** Region the agent asked for; advisory. */
  regionHint?: string | null;
  /** From resolveClientAddress; viaCdn (the client connected to a configured CDN range) gates the CDN headers. */
  client?: Pick<ClientAddress, 'parsed' | 'viaCdn'> | null;
  cdn?: { cfIpCountry?: string | null; cfRay?: string | null } | null;
  /** Normalised GeoIP record for the client IP. */
  geo?: GeoLocation | null;
}

export type PlacementSignal =
  | 'existing-backup'
  | 'appliance-pin'
  | 'account-pin'
  | 'region-hint'
  | 'cloud-ip-range'
  | 'cdn-country'
  | 'cdn-colo'
  | 'measured'
  | 'geoip-subdivision'
  | 'geoip-country'
  | 'weighted-fallback';

export interface PlacementDecision {
  region: string;
  /** Failover order, chosen region first; active regions only (plus a draining sticky region). */
  candidates: readonly string[];
  signal: PlacementSignal;
  /** Grade of the GeoIP record, whatever signal decided. */
  confidence: GeoConfidence;
  countryCode: string | null;
  subdivisionCode: string | null;
  override?: { scope: string; reason: string };
  pin?: { level: 'appliance' | 'account'; region: string; reason: string };
  /** The estimator's view whenever it was consulted (whichever signal then decided). */
  measured?: MeasuredEvidence;
  /** Human-readable trail for "explain", in evaluation order. */
  reasons: string[];
}

/** Country codes Cloudflare uses for "unknown" and "Tor". */
const CDN_NON_COUNTRIES = new Set(['XX', 'T1']);

/**
 * Pure placement decision. Precedence: existing backup > appliance pin >
 * account pin > agent hint > operator cloud range > CDN country/colo (CDN
 * ranges only) > measured RTT (precise only, confident, materially better
 * than the index) > GeoIP subdivision (precise only) > GeoIP country > weighted
 * hash of the appliance id. Draining regions keep existing backups (moving
 * data is the operator's call) but are never chosen for anything new.
 */
export function decide(context: PlacementContext, env: PlacementEnvironment): PlacementDecision {
  const geo = context.geo ?? null;
  const graded = classifyConfidence(geo, env.confidence);
  const reasons: string[] = graded.reasons.map((r) => `geoip: ${r}`);
  const base = {
    confidence: graded.level,
    countryCode: geo?.countryCode ?? null,
    subdivisionCode: geo?.subdivisionCode ?? null,
  };
  const chosen = (signal: PlacementSignal, region: string, why: string): PlacementDecision => {
    reasons.push(why);
    return { region, candidates: env.candidatesFrom(region), signal, ...base, reasons };
  };
  const fromEntry = (signal: PlacementSignal, resolved: ResolvedEntry, why: string): PlacementDecision => {
    const { entry, candidates } = resolved;
    reasons.push(`${why} -> ${candidates[0]} (${entry.source}: ${entry.reason})`);
    const decision: PlacementDecision = { region: candidates[0], candidates, signal, ...base, reasons };
    if (entry.source === 'override') decision.override = { scope: entry.scope, reason: entry.reason };
    return decision;
  };
  const signals = env.signals;

  const existing = context.existingBackupRegion;
  if (signals.existingBackup && existing) {
    const status = env.statusOf(existing);
    if (status === 'active' || status === 'draining') {
      return chosen('existing-backup', existing, `existing backup is in ${existing} (${status})`);
    }
    reasons.push(`existing backup region ${existing} is ${status ?? 'unknown'}; placing anew`);
  }

  if (signals.pins) {
    for (const [level, pin] of [
      ['appliance', context.appliancePin],
      ['account', context.accountPin],
    ] as const) {
      if (!pin) continue;
      if (env.isActive(pin.region)) {
        const decision = chosen(
          `${level}-pin`,
          pin.region,
          `${level} pinned to ${pin.region}: ${pin.reason}`,
        );
        decision.pin = { level, region: pin.region, reason: pin.reason };
        return decision;
      }
      reasons.push(
        `${level} pin to ${pin.region} ignored: region is ${env.statusOf(pin.region) ?? 'unknown'}`,
      );
    }
  }

  const hint = context.regionHint;
  if (signals.regionHint && hint) {
    if (env.isActive(hint)) return chosen('region-hint', hint, `agent asked for ${hint}`);
    reasons.push(`agent hint ${hint} ignored: region is ${env.statusOf(hint) ?? 'unknown'}`);
  }

  const ip = context.client?.parsed ?? null;
  if (signals.cloudIpRanges && env.cloudRanges && ip) {
    const region = env.cloudRanges.regionOf(ip);
    if (region && env.isActive(region))
      return chosen('cloud-ip-range', region, `caller IP is inside ${region} address space`);
    if (region) reasons.push(`caller IP is in ${region} address space but that region is not active`);
  }

  if (signals.cdnHeaders && context.cdn) {
    if (context.client?.viaCdn) {
      const country = context.cdn.cfIpCountry?.trim().toUpperCase() ?? '';
      const entry =
        /^[A-Z]{2}$/.test(country) && !CDN_NON_COUNTRIES.has(country) ? env.entryFor(country) : undefined;
      if (entry) return fromEntry('cdn-country', entry, `CF-IPCountry ${country}`);
      if (CDN_NON_COUNTRIES.has(country)) reasons.push(`CF-IPCountry ${country} means unknown/Tor; ignored`);
      const colo = coloFromCfRay(context.cdn.cfRay);
      const near = colo === null ? null : env.candidatesNearAirport(colo);
      if (near && near.length > 0) {
        reasons.push(`Cloudflare colo ${colo} -> nearest active region ${near[0]}`);
        return { region: near[0], candidates: near, signal: 'cdn-colo', ...base, reasons };
      }
    } else {
      reasons.push('CDN headers ignored: the client did not connect through a configured CDN range');
    }
  }

  if (geo) {
    const subdivisionEntry =
      signals.geoipSubdivision && graded.level === 'precise' && geo.subdivisionCode
        ? env.entryFor(geo.subdivisionCode)
        : undefined;
    const countryEntry =
      signals.geoipCountry && graded.level !== 'unknown' && geo.countryCode
        ? env.entryFor(geo.countryCode)
        : undefined;
    let measured: MeasuredEvidence | undefined;
    if (signals.measured && env.estimator && graded.level === 'precise') {
      const outcome = measuredOutcome(
        env.estimator,
        env,
        { latitude: geo.latitude!, longitude: geo.longitude!, countryCode: geo.countryCode },
        subdivisionEntry ?? countryEntry,
      );
      reasons.push(outcome.why);
      measured = outcome.evidence ?? undefined;
      if (outcome.kind === 'choose') {
        const region = outcome.candidates[0];
        return { region, candidates: outcome.candidates, signal: 'measured', ...base, measured, reasons };
      }
    }
    const withEvidence = (decision: PlacementDecision): PlacementDecision =>
      measured ? { ...decision, measured } : decision;
    if (subdivisionEntry)
      return withEvidence(
        fromEntry('geoip-subdivision', subdivisionEntry, `GeoIP subdivision ${geo.subdivisionCode}`),
      );
    if (countryEntry)
      return withEvidence(fromEntry('geoip-country', countryEntry, `GeoIP country ${geo.countryCode}`));
  }

  const region = pickWeighted(context.applianceId, env.weightedChoices)!;
  return chosen('weighted-fallback', region, `no usable signal; weighted hash of appliance id -> ${region}`);
}
