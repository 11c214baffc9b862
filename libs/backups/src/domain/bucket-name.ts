import { createHash } from 'node:crypto';

const MAX = 63;
const VALID = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * The shared bucket of a region: `<BUCKET_PREFIX>-<region>`, deterministic so every hub process derives the same
 * name. No dots (virtual-host TLS), lower case, 3–63 characters; when too long it is cut and given a short hash of
 * the full name, so two long names never collide.
 */
export function sharedBucketName(bucketPrefix: string, region: string): string {
  const full = `${bucketPrefix}-${region}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-');
  let name = full;
  if (full.length > MAX) {
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
    name = `${full.slice(0, MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  name = name.replace(/^-+|-+$/g, '');
  if (name.startsWith('xn--') || name.endsWith('-s3alias') || name.endsWith('--ol-s3') || !VALID.test(name)) {
    throw new Error(`cannot derive a valid bucket name from prefix "${bucketPrefix}" and region "${region}"`);
  }
  return name;
}

/** Where one backup's objects live in its region's shared bucket: `<accountId>/<backupId>`. */
export function backupPrefix(accountId: string, backupId: string): string {
  return `${accountId}/${backupId}`;
}
