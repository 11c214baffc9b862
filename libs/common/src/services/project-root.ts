import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The repository root (where package.json names "landfall"), from sources or from dist/ alike. */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'landfall'
    ) {
      cached = dir;
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the landfall project root above ${__dirname}`);
}
