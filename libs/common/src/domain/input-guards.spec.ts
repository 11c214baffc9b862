import { describe, expect, it } from 'vitest';
import {
  assertStorableInput,
  findUnstorableText,
  isInstantInRange,
  jsonNestsDeeperThan,
  MAX_JSON_DEPTH,
} from './input-guards';

describe(findUnstorableText.name, () => {
  it.each([
    ['a NUL in a value', { name: 'a\u0000b' }, 'body.name'],
    ['a lone high surrogate', { name: '\ud800' }, 'body.name'],
    ['a lone low surrogate inside an array', { ids: ['ok', 'x\udfffy'] }, 'body.ids[1]'],
    ['a NUL in a field name', { ['a\u0000']: 1 }, 'body (a field name)'],
    ['a NUL deep in nested objects', { a: { b: { c: ['\u0000'] } } }, 'body.a.b.c[0]'],
  ])('finds %s', (_, input, path) => {
    expect(findUnstorableText(input, 'body')).toBe(path);
  });

  it('accepts paired surrogates (emoji), newlines and every other character', () => {
    expect(findUnstorableText({ text: 'ok 😀 \n\t ü €', n: 1, b: true, z: null }, 'body')).toBeNull();
  });

  it('refuses with REQUEST.INVALID_CHARACTERS naming the part', () => {
    expect(() => assertStorableInput({ query: { region: 'a\u0000b' } })).toThrow(
      expect.objectContaining({
        code: 'REQUEST.INVALID_CHARACTERS',
        message: expect.stringContaining('query.region'),
      }),
    );
    expect(() => assertStorableInput({ path: { id: 'fine' }, body: undefined })).not.toThrow();
  });
});

describe(jsonNestsDeeperThan.name, () => {
  it('counts nesting of arrays and objects', () => {
    expect(
      jsonNestsDeeperThan(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`, MAX_JSON_DEPTH),
    ).toBe(false);
    expect(jsonNestsDeeperThan(`${'[{"a":'.repeat(17)}1${'}]'.repeat(17)}`, MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestsDeeperThan('['.repeat(100_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '[[[[[[\\"[[[[' }), 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":"\\"","b":[[[[1]]]]}', 3)).toBe(true);
  });
});

describe(isInstantInRange.name, () => {
  it.each([
    ['1970-01-01T00:00:00.000Z', true],
    ['9999-12-31T23:59:59.999Z', true],
    ['1969-12-31T23:59:59.999Z', false],
    ['+010000-01-01T00:00:00.000Z', false],
    ['-100000-01-01T00:00:00.000Z', false],
    ['nonsense', false],
  ])('%s → %s', (iso, expected) => {
    expect(isInstantInRange(new Date(iso))).toBe(expected);
  });
});
