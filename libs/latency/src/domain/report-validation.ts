import { greatCircleKm, minimumRttMs } from './physics';

/** Above this an RTT is not a measurement of a working path (a timeout, a unit error, an attack). */
export const MAX_RTT_MS = 10_000;
/** Clock skew tolerated on `measuredAt`. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 100;

export interface ReportRegion {
  code: string;
  latitude: number;
  longitude: number;
  status: 'active' | 'draining' | 'disabled';
}

export interface ReportLocation {
  latitude: number;
  longitude: number;
  accuracyKm: number | null;
}

export interface ValidSample {
  region: string;
  rttMs: number;
  attempts: number;
  measuredAt: Date;
}

export interface ReportLimits {
  maxSamples: number;
  maxAgeDays: number;
}

/** Why a report was refused: a stable code, the index of the first bad sample (if any) and a message. */
export class ReportRejection extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly sample?: number,
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'ReportRejection';
  }
}

const FIELDS = new Set(['region', 'rttMs', 'attempts', 'measuredAt']);

/**
 * Checks a whole report before anything is stored: every sample or none. Codes: LATENCY.BATCH_EMPTY,
 * LATENCY.BATCH_TOO_LARGE, LATENCY.INVALID_SAMPLE, LATENCY.UNKNOWN_REGION, LATENCY.REGION_DISABLED,
 * LATENCY.INVALID_RTT, LATENCY.IMPOSSIBLE_RTT, LATENCY.INVALID_TIMESTAMP, LATENCY.FUTURE_TIMESTAMP,
 * LATENCY.STALE_TIMESTAMP.
 */
export function validateReport(
  samples: unknown,
  location: ReportLocation,
  regions: ReadonlyMap<string, ReportRegion>,
  now: number,
  limits: ReportLimits,
): ValidSample[] {
  if (!Array.isArray(samples) || samples.length === 0)
    throw new ReportRejection('LATENCY.BATCH_EMPTY', '`samples` must be a non-empty array');
  if (samples.length > limits.maxSamples)
    throw new ReportRejection(
      'LATENCY.BATCH_TOO_LARGE',
      `At most ${limits.maxSamples} samples per report (got ${samples.length})`,
      undefined,
      true,
    );
  return samples.map((raw: unknown, i) => {
    const fail = (code: string, why: string): never => {
      throw new ReportRejection(code, `samples[${i}]: ${why}`, i);
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return fail('LATENCY.INVALID_SAMPLE', 'must be an object');
    const sample = raw as Record<string, unknown>;
    const unknown = Object.keys(sample).filter((k) => !FIELDS.has(k));
    if (unknown.length > 0) fail('LATENCY.INVALID_SAMPLE', `unknown field(s) ${unknown.join(', ')}`);
    const { region: code, rttMs, attempts, measuredAt } = sample;
    if (typeof code !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(code))
      fail('LATENCY.INVALID_SAMPLE', '`region` must be a region code');
    const region = regions.get(code as string);
    if (!region) return fail('LATENCY.UNKNOWN_REGION', `unknown region "${code as string}"`);
    if (region.status === 'disabled') fail('LATENCY.REGION_DISABLED', `region ${region.code} is disabled`);
    if (typeof rttMs !== 'number' || !Number.isFinite(rttMs) || rttMs <= 0 || rttMs > MAX_RTT_MS)
      fail('LATENCY.INVALID_RTT', `\`rttMs\` must be a number in (0, ${MAX_RTT_MS}]`);
    if (
      typeof attempts !== 'number' ||
      !Number.isInteger(attempts) ||
      attempts < 1 ||
      attempts > MAX_ATTEMPTS
    )
      fail('LATENCY.INVALID_SAMPLE', `\`attempts\` must be an integer in [1, ${MAX_ATTEMPTS}]`);
    const at =
      typeof measuredAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(measuredAt) ? Date.parse(measuredAt) : NaN;
    if (!Number.isFinite(at)) fail('LATENCY.INVALID_TIMESTAMP', '`measuredAt` must be an ISO 8601 date-time');
    if (at > now + FUTURE_TOLERANCE_MS) fail('LATENCY.FUTURE_TIMESTAMP', '`measuredAt` is in the future');
    if (at < now - limits.maxAgeDays * 86_400_000)
      fail('LATENCY.STALE_TIMESTAMP', `\`measuredAt\` is more than ${limits.maxAgeDays} days ago`);
    const km = greatCircleKm(location.latitude, location.longitude, region.latitude, region.longitude);
    const floor = minimumRttMs(km, location.accuracyKm);
    if ((rttMs as number) < floor)
      fail(
        'LATENCY.IMPOSSIBLE_RTT',
        `${rttMs as number} ms to ${region.code} is faster than light in fibre allows from ${Math.round(km)} km (>= ${floor.toFixed(1)} ms)`,
      );
    return {
      region: region.code,
      rttMs: rttMs as number,
      attempts: attempts as number,
      measuredAt: new Date(at),
    };
  });
}
