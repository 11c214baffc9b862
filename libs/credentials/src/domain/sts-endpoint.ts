/**
 * Where to call STS for a region: the configured endpoint; else AWS's regional STS for an AWS S3 endpoint; else the
 * region's own S3 endpoint (Ceph radosgw and similar gateways serve STS beside S3).
 */
export function stsEndpointFor(region: string, s3Endpoint: string, configured?: string): string {
  if (configured) return configured;
  const host = safeHost(s3Endpoint);
  if (host?.endsWith('.amazonaws.com')) return `https://sts.${region}.amazonaws.com`;
  if (host?.endsWith('.amazonaws.com.cn')) return `https://sts.${region}.amazonaws.com.cn`;
  return s3Endpoint;
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
