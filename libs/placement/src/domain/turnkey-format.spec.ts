import { describe, expect, it } from 'vitest';
import type { IndexEntry } from './placement-index';
import { diffIndexes, formatTurnkeyIndex, parseTurnkeyIndex } from './turnkey-format';

const entry = (scope: string, regions: string[], reason = 'geo'): IndexEntry => ({
  scope,
  name: `Name of ${scope}`,
  regions,
  source: 'geography',
  reason,
});

describe(parseTurnkeyIndex.name, () => {
  it('reads both line forms, comments and subdivision codes', () => {
    const sut = parseTurnkeyIndex(
      '# TurnKey export\nDE;Germany;eu-central-1\r\n\nUS-CA;California;us-west-1;us-west-2, us-east-1\n',
    );
    expect(sut.map((e) => [e.scope, e.name, e.regions])).toEqual([
      ['DE', 'Germany', ['eu-central-1']],
      ['US-CA', 'California', ['us-west-1', 'us-west-2', 'us-east-1']],
    ]);
  });

  it('drops the first choice if it is repeated in the fallback list', () => {
    expect(parseTurnkeyIndex('FR;France;eu-west-3;eu-west-3,eu-central-1')[0].regions).toEqual([
      'eu-west-3',
      'eu-central-1',
    ]);
  });

  it.each([
    ['DE;Germany', /line 1: expected 3 or 4/],
    ['DE;Germany;eu-central-1;a;b', /expected 3 or 4 ";"-separated fields, got 5/],
    ['# c\nGermany;Germany;eu-central-1', /line 2: bad location code "Germany"/],
    ['de;Germany;eu-central-1', /bad location code "de"/],
    ['DE;;eu-central-1', /empty name/],
    ['DE;Germany;EU-CENTRAL-1', /bad region "EU-CENTRAL-1"/],
    ['DE;Germany;eu-central-1;eu-west-1,,x', /bad region "" in list/],
    ['DE;Germany;eu-central-1;eu-west-1,eu-west-1', /region listed twice/],
    ['DE;Germany;eu-central-1\nDE;Germany;eu-west-1', /line 2: duplicate location "DE"/],
  ])('rejects %j', (text, message) => {
    expect(() => parseTurnkeyIndex(text)).toThrow(message);
    expect(() => parseTurnkeyIndex(text)).toThrow(
      expect.objectContaining({ code: 'PLACEMENT.INVALID_TURNKEY_INDEX' }),
    );
  });
});

describe(formatTurnkeyIndex.name, () => {
  it('writes 3 fields for single-region entries and 4 otherwise', () => {
    expect(
      formatTurnkeyIndex([entry('DE', ['eu-central-1']), entry('US-CA', ['us-west-1', 'us-west-2'])]),
    ).toBe('DE;Name of DE;eu-central-1\nUS-CA;Name of US-CA;us-west-1;us-west-2\n');
  });

  it('round-trips', () => {
    const text = 'AU-VIC;Victoria;ap-southeast-4;ap-southeast-2,ap-southeast-1\nJP;Japan;ap-northeast-1\n';
    expect(formatTurnkeyIndex(parseTurnkeyIndex(text))).toBe(text);
    const entries = [entry('BR', ['sa-east-1', 'us-east-1']), entry('CA-QC', ['ca-central-1'])];
    expect(parseTurnkeyIndex(formatTurnkeyIndex(entries)).map((e) => [e.scope, e.name, e.regions])).toEqual(
      entries.map((e) => [e.scope, e.name, e.regions]),
    );
  });

  it('refuses names that would corrupt the line format', () => {
    expect(() => formatTurnkeyIndex([{ ...entry('DE', ['eu-central-1']), name: 'A;B' }])).toThrow(
      /contains ";"/,
    );
  });
});

describe(diffIndexes.name, () => {
  it('reports first-choice and order changes with the new reason, plus additions and removals', () => {
    const a = [
      entry('CA', ['us-west-2', 'ca-central-1']),
      entry('DE', ['eu-central-1', 'eu-west-1', 'eu-north-1']),
      entry('FR', ['eu-west-3']),
      entry('XX', ['us-east-1']),
    ];
    const b = [
      entry('CA', ['ca-central-1', 'us-west-2'], 'nearest by geography'),
      entry('DE', ['eu-central-1', 'eu-north-1', 'eu-west-1'], 'latency'),
      entry('FR', ['eu-west-3']),
      entry('YY', ['us-east-2'], 'new'),
    ];
    expect(diffIndexes(a, b)).toEqual([
      {
        scope: 'CA',
        kind: 'first-choice',
        before: ['us-west-2', 'ca-central-1'],
        after: ['ca-central-1', 'us-west-2'],
        reason: 'nearest by geography',
      },
      {
        scope: 'DE',
        kind: 'order',
        before: ['eu-central-1', 'eu-west-1', 'eu-north-1'],
        after: ['eu-central-1', 'eu-north-1', 'eu-west-1'],
        reason: 'latency',
      },
      { scope: 'XX', kind: 'removed', before: ['us-east-1'] },
      { scope: 'YY', kind: 'added', after: ['us-east-2'], reason: 'new' },
    ]);
  });

  it('reports nothing for identical indexes', () => {
    const a = [entry('DE', ['eu-central-1'])];
    expect(diffIndexes(a, [entry('DE', ['eu-central-1'], 'other reason')])).toEqual([]);
  });
});
