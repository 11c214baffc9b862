import { describe, expect, it } from 'vitest';
import { parseLatencyImport } from './import-csv';
import type { ReportRegion } from './report-validation';

const REGIONS = new Map<string, ReportRegion>([
  ['eu-west-2', { code: 'eu-west-2', latitude: 51.51, longitude: -0.13, status: 'active' }],
  ['us-east-1', { code: 'us-east-1', latitude: 39.04, longitude: -77.49, status: 'active' }],
  ['eu-south-9', { code: 'eu-south-9', latitude: 45, longitude: 9, status: 'disabled' }],
]);
const CODES = {
  isCountry: (c: string) => ['GB', 'NL', 'US'].includes(c),
  isSubdivision: (c: string) => ['GB-ENG', 'US-VA'].includes(c),
};
const HEADER = 'latitude,longitude,country,subdivision,region,rtt_ms,samples';

describe('parseLatencyImport', () => {
  it('reads good rows (empty subdivision allowed)', () => {
    const csv = `${HEADER}\n52.37,4.9,NL,,eu-west-2,8.5,40\r\n51.5,-0.1,GB,GB-ENG,us-east-1,75,12\n`;
    const { rows, problems } = parseLatencyImport(csv, REGIONS, CODES);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        latitude: 52.37,
        longitude: 4.9,
        country: 'NL',
        subdivision: null,
        region: 'eu-west-2',
        rttMs: 8.5,
        samples: 40,
      },
      {
        line: 3,
        latitude: 51.5,
        longitude: -0.1,
        country: 'GB',
        subdivision: 'GB-ENG',
        region: 'us-east-1',
        rttMs: 75,
        samples: 12,
      },
    ]);
  });

  it('reports every bad row with its line number and stable code', () => {
    const csv = [
      HEADER,
      '52.37,4.9,NL,,eu-west-2,8.5,40',
      '95,4.9,NL,,eu-west-2,8.5,40',
      '52.37,4.9,XX,,eu-west-2,8.5,40',
      '52.37,4.9,NL,NL-ZZ,eu-west-2,8.5,40',
      '52.37,4.9,NL,,mars-1,8.5,40',
      '52.37,4.9,NL,,eu-south-9,8.5,40',
      '52.37,4.9,NL,,eu-west-2,-1,40',
      '52.37,4.9,NL,,us-east-1,3,40',
      '52.37,4.9,NL,,eu-west-2,8.5,0',
      '52.37,4.9,NL,eu-west-2,8.5',
    ].join('\n');
    const { problems } = parseLatencyImport(csv, REGIONS, CODES);
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'LATENCY.INVALID_COORDINATES'],
      [4, 'LATENCY.UNKNOWN_COUNTRY'],
      [5, 'LATENCY.UNKNOWN_SUBDIVISION'],
      [6, 'LATENCY.UNKNOWN_REGION'],
      [7, 'LATENCY.REGION_DISABLED'],
      [8, 'LATENCY.INVALID_RTT'],
      [9, 'LATENCY.IMPOSSIBLE_RTT'],
      [10, 'LATENCY.INVALID_SAMPLES'],
      [11, 'LATENCY.IMPORT_COLUMNS'],
    ]);
  });

  it('refuses a wrong header and an empty file', () => {
    expect(
      parseLatencyImport('location,region,median_rtt_ms,sample_count\n', REGIONS, CODES).problems[0].code,
    ).toBe('LATENCY.IMPORT_HEADER');
    expect(parseLatencyImport(`${HEADER}\n`, REGIONS, CODES).problems[0].code).toBe('LATENCY.IMPORT_EMPTY');
  });
});
