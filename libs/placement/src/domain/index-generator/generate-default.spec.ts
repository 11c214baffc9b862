import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { AWS_REGIONS, CURATED_OVERRIDES, generateDefaultIndex, renderDefaultIndex } from './generate-default';

describe(generateDefaultIndex.name, () => {
  it('matches the committed data/placement/default-index.json (regenerate with vitest -u)', async () => {
    // Formatted like the repo's `prettier --check .` expects, so lint and this test agree on the bytes.
    const file = path.resolve(__dirname, '../../../../../data/placement/default-index.json');
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    const formatted = await prettier.format(renderDefaultIndex(), options);
    await expect(formatted).toMatchFileSnapshot(file);
  }, 60_000);

  it('renders valid JSON equal to the generated index', () => {
    expect(JSON.parse(renderDefaultIndex())).toEqual(generateDefaultIndex());
  });

  it('applies every curated override', () => {
    const entries = new Map(generateDefaultIndex().entries.map((e) => [e.scope, e]));
    for (const override of CURATED_OVERRIDES) {
      expect(entries.get(override.scope)).toMatchObject({
        source: 'override',
        regions: expect.arrayContaining([override.region]),
      });
      expect(entries.get(override.scope)!.regions[0]).toBe(override.region);
    }
  });
});

describe('aws-regions.json', () => {
  it('has unique, well-formed regions with plausible coordinates', () => {
    const codes = AWS_REGIONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const region of AWS_REGIONS) {
      expect(region.code).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
      expect(region.countryCode).toMatch(/^[A-Z]{2}$/);
      expect(Math.abs(region.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(region.longitude)).toBeLessThanOrEqual(180);
    }
    expect(codes).toEqual(
      expect.arrayContaining(['us-east-1', 'ca-central-1', 'ca-west-1', 'eu-north-1', 'ap-northeast-2']),
    );
  });

  it('gives every curated override a reason and an existing region', () => {
    const codes = new Set(AWS_REGIONS.map((r) => r.code));
    for (const override of CURATED_OVERRIDES) {
      expect(codes.has(override.region)).toBe(true);
      expect(override.reason.length).toBeGreaterThan(20);
    }
  });
});
