import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The repository root (where package.json names "landfall"). The CLI's own copy of @landfall/common's: loading
 * that library (Nest, pino) would cost every command its start-up time.
 */
export function projectRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'landfall'
    ) {
      return (cached = dir);
    }
  }
  throw new Error(`cannot find the landfall project root above ${__dirname}`);
}
