import { describe, expect, it } from 'vitest';
import { ReportRejection, validateReport, type ReportRegion } from './report-validation';

const NOW = Date.UTC(2026, 11, 1, 12);
const LONDON = { latitude: 51.51, longitude: -0.13, accuracyKm: 50 };
const REGIONS = new Map<string, ReportRegion>([
  ['us-east-1', { code: 'us-east-1', latitude: 39.04, longitude: -77.49, status: 'active' }],
  ['eu-west-2', { code: 'eu-west-2', latitude: 51.51, longitude: -0.13, status: 'active' }],
  ['eu-south-9', { code: 'eu-south-9', latitude: 45, longitude: 9, status: 'disabled' }],
]);
const LIMITS = { maxSamples: 4, maxAgeDays: 90 };
const good = {
  region: 'us-east-1',
  rttMs: 78,
  attempts: 3,
  measuredAt: new Date(NOW - 60_000).toISOString(),
};

function codeOf(samples: unknown): string {
  try {
    validateReport(samples, LONDON, REGIONS, NOW, LIMITS);
  } catch (error) {
    if (error instanceof ReportRejection) return error.code;
    throw error;
  }
  return 'ok';
}

describe('validateReport', () => {
  it('accepts a sound report', () => {
    expect(
      validateReport([good, { ...good, region: 'eu-west-2', rttMs: 2 }], LONDON, REGIONS, NOW, LIMITS),
    ).toHaveLength(2);
  });

  it.each([
    ['empty batch', [], 'LATENCY.BATCH_EMPTY'],
    ['not an array', { region: 'x' }, 'LATENCY.BATCH_EMPTY'],
    ['oversized batch', Array.from({ length: 5 }, () => good), 'LATENCY.BATCH_TOO_LARGE'],
    ['unknown region', [{ ...good, region: 'mars-north-1' }], 'LATENCY.UNKNOWN_REGION'],
    ['disabled region', [{ ...good, region: 'eu-south-9', rttMs: 200 }], 'LATENCY.REGION_DISABLED'],
    ['negative RTT', [{ ...good, rttMs: -1 }], 'LATENCY.INVALID_RTT'],
    ['zero RTT', [{ ...good, rttMs: 0 }], 'LATENCY.INVALID_RTT'],
    ['RTT as a string', [{ ...good, rttMs: 'NaN' }], 'LATENCY.INVALID_RTT'],
    ['absurd RTT', [{ ...good, rttMs: 1e9 }], 'LATENCY.INVALID_RTT'],
    // London -> Virginia is ~5,900 km: at least ~58 ms there and back in fibre.
    ['faster than light', [{ ...good, rttMs: 20 }], 'LATENCY.IMPOSSIBLE_RTT'],
    [
      'future timestamp',
      [{ ...good, measuredAt: new Date(NOW + 3_600_000).toISOString() }],
      'LATENCY.FUTURE_TIMESTAMP',
    ],
    ['far past timestamp', [{ ...good, measuredAt: '2020-01-01T00:00:00Z' }], 'LATENCY.STALE_TIMESTAMP'],
    ['not a timestamp', [{ ...good, measuredAt: 'yesterday' }], 'LATENCY.INVALID_TIMESTAMP'],
    ['bad attempts', [{ ...good, attempts: 0 }], 'LATENCY.INVALID_SAMPLE'],
    ['unknown field', [{ ...good, bytes: 1 }], 'LATENCY.INVALID_SAMPLE'],
    ['not an object', [42], 'LATENCY.INVALID_SAMPLE'],
  ])('%s -> %s', (_, samples, code) => {
    expect(codeOf(samples)).toBe(code);
  });

  it('rejects the whole report for one bad sample, naming it', () => {
    try {
      validateReport([good, { ...good, rttMs: 1 }], LONDON, REGIONS, NOW, LIMITS);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'LATENCY.IMPOSSIBLE_RTT', sample: 1 });
    }
  });

  it('allows for the GeoIP accuracy radius', () => {
    // 30 ms is impossible from a precise London, possible if London is only known to within 3,000 km.
    expect(codeOf([{ ...good, rttMs: 30 }])).toBe('LATENCY.IMPOSSIBLE_RTT');
    expect(
      validateReport([{ ...good, rttMs: 30 }], { ...LONDON, accuracyKm: 3000 }, REGIONS, NOW, LIMITS),
    ).toHaveLength(1);
  });
});
