/**
 * The malformed values of the bad-input corpus (issue #9 item 6). Body values are raw JSON text, so values JSON
 * cannot express from JavaScript (lone surrogates as escapes, 1e400, 100k-deep arrays) are sent exactly as an
 * attacker would write them. Query and path values are already percent-encoded.
 */

const DEEP = 100_000;

function cursorOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

const LONG = 'x'.repeat(100_000);

/** Raw JSON texts for one body field. */
export const BODY_VALUES: ReadonlyArray<{ name: string; json: string }> = [
  { name: 'null', json: 'null' },
  { name: 'NUL in string', json: '"a\\u0000b"' },
  { name: 'lone high surrogate', json: '"\\ud800"' },
  { name: 'lone low surrogate', json: '"x\\udfffy"' },
  { name: 'empty string', json: '""' },
  { name: '100k-char string', json: `"${LONG}"` },
  { name: 'whitespace string', json: '"   "' },
  { name: 'zero', json: '0' },
  { name: 'negative', json: '-1' },
  { name: 'fraction', json: '0.5' },
  { name: 'huge number', json: '1e400' },
  { name: 'max date epoch', json: '8640000000000000' },
  { name: 'negative max date epoch', json: '-8640000000000000' },
  { name: 'beyond safe integer', json: '9007199254740993' },
  { name: 'true', json: 'true' },
  { name: 'false', json: 'false' },
  { name: 'empty array', json: '[]' },
  { name: 'array of strings', json: '["a","b"]' },
  { name: 'array with NUL', json: '["a\\u0000"]' },
  { name: 'empty object', json: '{}' },
  { name: 'object with NUL key', json: '{"a\\u0000b":1}' },
  { name: '__proto__ object', json: '{"__proto__":{"polluted":true}}' },
  { name: '100k-deep array', json: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` },
  { name: 'year 0000', json: '"0000-01-01T00:00:00Z"' },
  { name: 'year -100000', json: '"-100000-01-01T00:00:00Z"' },
  { name: 'year +275760', json: '"+275760-09-13T00:00:00.000Z"' },
  { name: 'year 10000', json: '"10000-01-01T00:00:00Z"' },
  { name: 'date-ish garbage', json: '"2026-13-45T99:99:99Z"' },
  { name: 'invalid uuid', json: '"00000000-0000-0000-0000-00000000000g"' },
  { name: 'dashes uuid', json: '"------------------------------------"' },
  { name: 'sql-ish', json: '"\'; DROP TABLE accounts; --"' },
  { name: 'newline string', json: '"a\\nb\\r\\nc"' },
];

/** Percent-encoded query values. */
export const QUERY_VALUES: ReadonlyArray<{ name: string; raw: string }> = [
  { name: 'NUL', raw: 'a%00b' },
  { name: 'encoded lone surrogate (CESU-8)', raw: '%ED%A0%80' },
  { name: 'invalid UTF-8', raw: '%ff%fe' },
  { name: 'broken escape', raw: '%zz%' },
  { name: 'empty', raw: '' },
  { name: 'long', raw: 'x'.repeat(8_000) },
  { name: 'negative', raw: '-1' },
  { name: 'zero', raw: '0' },
  { name: 'huge', raw: '99999999999999999999999' },
  { name: 'exponent', raw: '1e400' },
  { name: 'null word', raw: 'null' },
  { name: 'invalid uuid', raw: '00000000-0000-0000-0000-00000000000g' },
  {
    name: 'cursor year -100000',
    raw: cursorOf('-100000-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000'),
  },
  { name: 'cursor year 0', raw: cursorOf('0000-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000') },
  {
    name: 'cursor +275760',
    raw: cursorOf('+275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000'),
  },
  {
    name: 'cursor dashes id',
    raw: cursorOf('2026-01-01T00:00:00.000Z|------------------------------------'),
  },
  { name: 'cursor NUL', raw: cursorOf('2026-01-01T00:00:00.000Z|\u0000') },
  { name: 'cursor garbage', raw: '____' },
  { name: 'bracket key', raw: 'a]' },
];

/** Percent-encoded path parameter values. */
export const PATH_VALUES: ReadonlyArray<{ name: string; raw: string }> = [
  { name: 'NUL', raw: 'a%00b' },
  { name: 'encoded lone surrogate (CESU-8)', raw: '%ED%A0%80' },
  { name: 'invalid UTF-8', raw: '%ff%fe' },
  { name: 'broken escape', raw: '%zz' },
  { name: 'not a uuid', raw: 'not-a-uuid' },
  { name: 'dashes', raw: '------------------------------------' },
  { name: 'over 100 characters', raw: 'x'.repeat(101) },
  { name: 'dot dot', raw: '..' },
  { name: 'negative', raw: '-1' },
  { name: 'huge number', raw: '99999999999999999999999' },
  { name: 'random uuid', raw: '6f1c1a3e-4b7d-4f5e-9c1a-0d2b3c4d5e6f' },
];

/** Whole bodies (not one field): shapes the parser or the DTO layer must refuse. */
export const WHOLE_BODIES: ReadonlyArray<{ name: string; text: string; contentType?: string }> = [
  { name: 'JSON null', text: 'null' },
  { name: 'JSON array', text: '[]' },
  { name: 'JSON string', text: '"x"' },
  { name: 'JSON number', text: '1' },
  { name: 'truncated JSON', text: '{"a":' },
  { name: 'empty JSON', text: '' },
  { name: '100k-deep array', text: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` },
  { name: '100k-deep object', text: `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}` },
  { name: 'proto pollution', text: '{"__proto__":{"x":1}}' },
  { name: 'constructor pollution', text: '{"constructor":{"prototype":{"x":1}}}' },
  { name: 'NUL key', text: '{"a\\u0000":1}' },
  { name: 'unknown field', text: '{"noSuchField":1}' },
  { name: 'text/plain', text: 'hello', contentType: 'text/plain' },
  { name: 'form', text: 'a=b', contentType: 'application/x-www-form-urlencoded' },
  { name: 'bad content type', text: '{}', contentType: '\u00ff/\u00ff' },
  {
    name: 'invalid UTF-8 bytes',
    text: '{"name":"\u00ff\u00fe"}',
    contentType: 'application/json; charset=latin1',
  },
];

/** Form (TKLBAM) argument values, percent-encoded. */
export const FORM_VALUES: ReadonlyArray<{ name: string; raw: string }> = [
  { name: 'NUL', raw: 'a%00b' },
  { name: 'encoded lone surrogate (CESU-8)', raw: '%ED%A0%80' },
  { name: 'invalid UTF-8', raw: '%ff%fe' },
  { name: 'empty', raw: '' },
  { name: '5000 characters', raw: 'k'.repeat(5_000) },
  { name: '900 KB', raw: 'k'.repeat(900_000) },
  { name: 'newline', raw: 'a%0Ab' },
  { name: 'huge number', raw: '99999999999999999999999' },
  { name: 'negative', raw: '-1' },
];
