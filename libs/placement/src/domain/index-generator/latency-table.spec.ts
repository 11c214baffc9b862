import { describe, expect, it } from 'vitest';
import { parseLatencyCsv } from './latency-table';

const HEADER = 'location,region,median_rtt_ms,sample_count';

describe(parseLatencyCsv.name, () => {
  it('parses rows and skips blank lines', () => {
    expect(parseLatencyCsv(`${HEADER}\r\nUS-CA, us-west-1, 12.5, 40\n\nDE,eu-central-1,9,100\n`)).toEqual([
      { scope: 'US-CA', region: 'us-west-1', medianRttMs: 12.5, sampleCount: 40 },
      { scope: 'DE', region: 'eu-central-1', medianRttMs: 9, sampleCount: 100 },
    ]);
  });

  it.each([
    ['location,region,rtt\n', /line 1: expected header/],
    [`${HEADER}\nDE,eu-central-1,9\n`, /line 2: expected 4 columns, got 3/],
    [`${HEADER}\nDE,eu-central-1,9,1\nGermany,eu-central-1,9,1\n`, /line 3: bad location code "Germany"/],
    [`${HEADER}\nDE,EU_CENTRAL,9,1\n`, /line 2: bad region code/],
    [`${HEADER}\nDE,eu-central-1,fast,1\n`, /line 2: bad RTT "fast"/],
    [`${HEADER}\nDE,eu-central-1,-1,1\n`, /line 2: bad RTT/],
    [`${HEADER}\nDE,eu-central-1,9,1.5\n`, /line 2: bad sample count/],
    [`${HEADER}\nDE,eu-central-1,9,1\nDE,eu-central-1,8,1\n`, /line 3: duplicate row/],
  ])('rejects bad input with the line number (%#)', (csv, message) => {
    expect(() => parseLatencyCsv(csv)).toThrow(message);
    expect(() => parseLatencyCsv(csv)).toThrow(
      expect.objectContaining({ code: 'PLACEMENT.INVALID_LATENCY_TABLE' }),
    );
  });
});
