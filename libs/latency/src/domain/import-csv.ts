import { DEFAULT_ACCURACY_KM, greatCircleKm, minimumRttMs } from './physics';
import { MAX_RTT_MS, type ReportRegion } from './report-validation';

export const IMPORT_HEADER = [
  'latitude',
  'longitude',
  'country',
  'subdivision',
  'region',
  'rtt_ms',
  'samples',
];
/** Rows per import; larger files are split by the operator. */
export const MAX_IMPORT_ROWS = 100_000;

export interface ImportedRow {
  line: number;
  latitude: number;
  longitude: number;
  country: string;
  subdivision: string | null;
  region: string;
  rttMs: number;
  samples: number;
}

export interface ImportProblem {
  line: number;
  code: string;
  message: string;
}

export interface ImportCodes {
  isCountry(code: string): boolean;
  isSubdivision(code: string): boolean;
}

/**
 * Parses and checks an operator's latency CSV (header `latitude,longitude,country,subdivision,region,rtt_ms,
 * samples`; subdivision may be empty) with the same rules as agent reports: known, not disabled regions, RTT in
 * (0, 10000] ms and not faster than light in fibre from the given place. Returns every row, or every problem
 * (line-numbered, at most 100): an import is all or nothing.
 */
export function parseLatencyImport(
  csv: string,
  regions: ReadonlyMap<string, ReportRegion>,
  codes: ImportCodes,
): { rows: ImportedRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rows: ImportedRow[] = [];
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim().toLowerCase());
  if (!header || header.join(',') !== IMPORT_HEADER.join(',')) {
    return {
      rows,
      problems: [
        { line: 1, code: 'LATENCY.IMPORT_HEADER', message: `expected header "${IMPORT_HEADER.join(',')}"` },
      ],
    };
  }
  for (let i = 1; i < lines.length && problems.length < 100; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    const problem = (code: string, message: string) => problems.push({ line, code, message });
    if (rows.length + problems.length >= MAX_IMPORT_ROWS) {
      problem('LATENCY.IMPORT_TOO_LARGE', `at most ${MAX_IMPORT_ROWS} rows per import`);
      break;
    }
    const cells = lines[i].split(',').map((c) => c.trim());
    if (cells.length !== IMPORT_HEADER.length) {
      problem('LATENCY.IMPORT_COLUMNS', `expected ${IMPORT_HEADER.length} columns, got ${cells.length}`);
      continue;
    }
    const [latText, lonText, country, subdivisionText, code, rttText, samplesText] = cells;
    const latitude = Number(latText);
    const longitude = Number(lonText);
    if (latText === '' || !Number.isFinite(latitude) || Math.abs(latitude) > 90) {
      problem('LATENCY.INVALID_COORDINATES', `bad latitude "${latText}"`);
      continue;
    }
    if (lonText === '' || !Number.isFinite(longitude) || Math.abs(longitude) > 180) {
      problem('LATENCY.INVALID_COORDINATES', `bad longitude "${lonText}"`);
      continue;
    }
    if (!/^[A-Z]{2}$/.test(country) || !codes.isCountry(country)) {
      problem('LATENCY.UNKNOWN_COUNTRY', `unknown country "${country}"`);
      continue;
    }
    const subdivision = subdivisionText === '' ? null : subdivisionText;
    if (
      subdivision !== null &&
      (!subdivision.startsWith(`${country}-`) || !codes.isSubdivision(subdivision))
    ) {
      problem('LATENCY.UNKNOWN_SUBDIVISION', `unknown subdivision "${subdivision}" of ${country}`);
      continue;
    }
    const region = regions.get(code);
    if (!region) {
      problem('LATENCY.UNKNOWN_REGION', `unknown region "${code}"`);
      continue;
    }
    if (region.status === 'disabled') {
      problem('LATENCY.REGION_DISABLED', `region ${code} is disabled`);
      continue;
    }
    const rttMs = Number(rttText);
    if (rttText === '' || !Number.isFinite(rttMs) || rttMs <= 0 || rttMs > MAX_RTT_MS) {
      problem('LATENCY.INVALID_RTT', `bad rtt_ms "${rttText}"`);
      continue;
    }
    const km = greatCircleKm(latitude, longitude, region.latitude, region.longitude);
    const floor = minimumRttMs(km, DEFAULT_ACCURACY_KM);
    if (rttMs < floor) {
      problem(
        'LATENCY.IMPOSSIBLE_RTT',
        `${rttMs} ms to ${code} is faster than light in fibre allows from ${Math.round(km)} km (>= ${floor.toFixed(1)} ms)`,
      );
      continue;
    }
    if (!/^\d{1,9}$/.test(samplesText) || Number(samplesText) < 1) {
      problem('LATENCY.INVALID_SAMPLES', `bad samples "${samplesText}"`);
      continue;
    }
    rows.push({
      line,
      latitude,
      longitude,
      country,
      subdivision,
      region: code,
      rttMs,
      samples: Number(samplesText),
    });
  }
  if (rows.length === 0 && problems.length === 0)
    problems.push({ line: 2, code: 'LATENCY.IMPORT_EMPTY', message: 'no rows' });
  return { rows, problems };
}
