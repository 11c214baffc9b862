/** S3 ETags come quoted; compare them bare and lower-case. */
export function normalizeEtag(etag: string | undefined | null): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}
