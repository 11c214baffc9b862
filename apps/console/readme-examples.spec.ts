import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

describe('README example calls', () => {
  it('every API path the README curls is called in readme-examples.ts (which tsc checks against the client)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const examples = readFileSync(path.join(__dirname, 'src', 'readme-examples.ts'), 'utf8');
    const curled = [...readme.matchAll(/^curl -s localhost:8080(\/[^\s?]+)/gm)].map((m) => m[1]);
    const called = [...examples.matchAll(/client\.(?:GET|POST|PUT|PATCH|DELETE)\('([^']+)'/g)].map(
      (m) => m[1],
    );
    expect(curled.length).toBeGreaterThan(2);
    expect(curled.filter((p) => !called.includes(p))).toEqual([]);
  });
});
