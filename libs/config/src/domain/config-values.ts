import { isIP } from 'node:net';
import { z } from 'zod';

// Value types the env schema (config.schema.ts) is written in.

export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
export const port = z.coerce.number().int().min(1).max(65535);
/** Proxy ranges whose headers are believed: valid CIDRs, none so wide that it trusts the internet. */
export const proxyRanges = list.superRefine((items, ctx) => {
  for (const cidr of items) {
    if (!isCidr(cidr)) {
      ctx.addIssue({ code: 'custom', message: `"${cidr}" is not an IPv4/IPv6 address or CIDR` });
    } else if (isAbsurdlyWide(cidr)) {
      ctx.addIssue({
        code: 'custom',
        message:
          `"${cidr}" is far too wide to trust (shorter than /8 for IPv4, /16 for IPv6): every caller could ` +
          "then forge its address with a forwarded header. List your proxies' own addresses or ranges.",
      });
    }
  }
});
export const url = z.url({ protocol: /^https?$/ });

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * `TKLBAM_S3_HOSTS`: `<region>=<host>` pairs, the host TKLBAM addresses name for a region's buckets. A host only:
 * TKLBAM reaches it on 443 (HTTPS, `duplicity cleanup`) and on 80 (HTTP, backup and restore), see docs/tklbam.md.
 */
export function parseTklbamHosts(items: string[], ctx: z.RefinementCtx): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const region = item.slice(0, at).trim();
    const host = item.slice(at + 1).trim();
    if (at < 1 || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(region)) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not <region>=<host>` });
    } else if (!HOST_NAME.test(host) && isIP(host) !== 4) {
      ctx.addIssue({
        code: 'custom',
        message: `"${host}" (region ${region}) must be a host name or IPv4 address without scheme or port: TKLBAM uses 443 and 80`,
      });
    } else if (region in hosts) {
      ctx.addIssue({ code: 'custom', message: `region ${region} is given twice` });
    } else {
      hosts[region] = host.toLowerCase();
    }
  }
  return hosts;
}

function isCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

const MIN_IPV4_PREFIX = 8;
const MIN_IPV6_PREFIX = 16;

/** 0.0.0.0/0, ::/0, ::ffff:0:0/96, 2000::/3 …; private IPv6 (inside fc00::/7) may be as wide as /7. */
function isAbsurdlyWide(cidr: string): boolean {
  const [address, bits] = cidr.split('/');
  if (bits === undefined) return false;
  const length = Number(bits);
  if (isIP(address) === 4) return length < MIN_IPV4_PREFIX;
  const mapped = /^::ffff:/i.test(address) && !/^::ffff:[0-9a-f]{1,4}:/i.test(address);
  if (mapped || /^::ffff:0:0$/i.test(address)) return length - 96 < MIN_IPV4_PREFIX;
  if (length >= MIN_IPV6_PREFIX) return false;
  return !(length >= 7 && /^f[cd][0-9a-f]{0,2}:/i.test(address));
}
