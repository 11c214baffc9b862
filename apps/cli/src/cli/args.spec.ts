import { describe, expect, it } from 'vitest';
import { parseArgs, positiveIntFlag, UsageError, type ArgSpec } from './args';

const spec: ArgSpec = {
  positionals: [
    { name: 'file', description: 'input', required: true },
    { name: 'other', description: 'optional', required: false },
  ],
  flags: {
    json: { type: 'boolean', description: 'json' },
    out: { type: 'string', description: 'out' },
    format: { type: 'string', description: 'format', choices: ['json', 'turnkey'] },
  },
};

function usageError(argv: string[]): string {
  try {
    parseArgs(argv, spec);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe(parseArgs.name, () => {
  it('reads positionals, boolean flags and string flags in any order', () => {
    const sut = parseArgs(['--json', 'a.txt', '--out', 'x.json', 'b.txt'], spec);
    expect(sut).toEqual({
      positionals: ['a.txt', 'b.txt'],
      flags: { json: true, out: 'x.json' },
      help: false,
    });
  });

  it('accepts --flag=value, including values with "="', () => {
    expect(parseArgs(['a', '--out=k=v.txt'], spec).flags).toEqual({ out: 'k=v.txt' });
  });

  it('treats everything after -- as positionals', () => {
    expect(parseArgs(['--', '--json'], spec).positionals).toEqual(['--json']);
  });

  it('answers --help or -h before checking anything else', () => {
    expect(parseArgs(['--bogus', '-h'], spec).help).toBe(true);
    expect(parseArgs(['--help'], spec).help).toBe(true);
    expect(parseArgs(['--', '--help'], spec).help).toBe(false);
  });

  it('rejects unknown, repeated and value-less flags', () => {
    expect(usageError(['a', '--bogus'])).toBe('unknown option --bogus');
    expect(usageError(['a', '-x'])).toBe('unknown option -x');
    expect(usageError(['a', '--json', '--json'])).toBe('--json given twice');
    expect(usageError(['a', '--out'])).toBe('--out needs a value');
    expect(usageError(['a', '--out', '--json'])).toBe('--out needs a value');
    expect(usageError(['a', '--out='])).toBe('--out needs a value');
    expect(usageError(['a', '--json=yes'])).toBe('--json takes no value');
  });

  it('checks choices', () => {
    expect(parseArgs(['a', '--format', 'turnkey'], spec).flags.format).toBe('turnkey');
    expect(usageError(['a', '--format', 'csv'])).toBe('--format must be one of json, turnkey (got "csv")');
  });

  it('requires the required positionals and refuses extra ones', () => {
    expect(usageError([])).toBe('missing <file>');
    expect(usageError(['a', 'b', 'c'])).toBe('unexpected argument "c"');
    expect(parseArgs(['-'], spec).positionals).toEqual(['-']);
  });
});

describe(positiveIntFlag.name, () => {
  const intSpec: ArgSpec = { positionals: [], flags: { n: { type: 'string', description: 'n' } } };

  it('returns the fallback when absent and the number when valid', () => {
    expect(positiveIntFlag(parseArgs([], intSpec), 'n', 30)).toBe(30);
    expect(positiveIntFlag(parseArgs(['--n', '12'], intSpec), 'n', 30)).toBe(12);
  });

  it('rejects zero, negatives, fractions and words', () => {
    for (const value of ['0', '-3', '1.5', 'ten', '07']) {
      expect(() => positiveIntFlag(parseArgs([`--n=${value}`], intSpec), 'n', 30)).toThrow(UsageError);
    }
  });
});
