import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import type { RegionSeed } from '../repositories/regions.repository';

/** The AWS commercial region catalogue shipped in data/placement/aws-regions.json. */
export function loadAwsRegionCatalogue(
  file = path.join(projectRoot(), 'data', 'placement', 'aws-regions.json'),
): RegionSeed[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as RegionSeed[];
  return parsed.map(({ code, displayName, city, countryCode, latitude, longitude }) => ({
    code,
    displayName,
    city,
    countryCode,
    latitude,
    longitude,
  }));
}

/** The public endpoint AWS serves a region's S3 API on. */
export function awsS3Endpoint(code: string): string {
  return code.startsWith('cn-') ? `https://s3.${code}.amazonaws.com.cn` : `https://s3.${code}.amazonaws.com`;
}
