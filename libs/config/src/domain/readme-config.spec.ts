import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from './config.schema';

describe('README configuration table', () => {
  it('documents every variable the config schema reads, and no other', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(envSchema.shape).sort());
  });
});
