import { PlacementError } from '../placement-error';

export interface LatencySample {
  scope: string;
  region: string;
  medianRttMs: number;
  sampleCount: number;
}

const HEADER = ['location', 'region', 'median_rtt_ms', 'sample_count'];

/**
 * Parses the measured-latency CSV: header `location,region,median_rtt_ms,sample_count`,
 * then one row per (location, region). Any bad row aborts with its line number:
 * a half-loaded table would silently skew placement.
 */
export function parseLatencyCsv(csv: string): LatencySample[] {
  const fail = (line: number, why: string): never => {
    throw new PlacementError('PLACEMENT.INVALID_LATENCY_TABLE', `Latency table line ${line}: ${why}`);
  };
  const lines = csv.split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim().toLowerCase());
  if (!header || header.join(',') !== HEADER.join(',')) fail(1, `expected header "${HEADER.join(',')}"`);
  const samples: LatencySample[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((c) => c.trim());
    if (cells.length !== 4) fail(line, `expected 4 columns, got ${cells.length}`);
    const [scope, region, rttText, countText] = cells;
    if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(scope)) fail(line, `bad location code "${scope}"`);
    if (!/^[a-z0-9-]+$/.test(region)) fail(line, `bad region code "${region}"`);
    const medianRttMs = Number(rttText);
    if (rttText === '' || !Number.isFinite(medianRttMs) || medianRttMs < 0)
      fail(line, `bad RTT "${rttText}"`);
    const sampleCount = Number(countText);
    if (!/^\d+$/.test(countText)) fail(line, `bad sample count "${countText}"`);
    const key = `${scope}|${region}`;
    if (seen.has(key)) fail(line, `duplicate row for ${scope} / ${region}`);
    seen.add(key);
    samples.push({ scope, region, medianRttMs, sampleCount });
  }
  return samples;
}
