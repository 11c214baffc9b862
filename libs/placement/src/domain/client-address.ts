import type { RequestClientAddress } from '@landfall/common';
import { parseCidr } from './cidr';
import { parseForwarded, parseXForwardedFor, type ForwardedHop } from './forwarded-header';
import { normaliseIpLiteral, parseIp, type ParsedIp } from './ip-address';
import { PlacementError } from './placement-error';
import { PrefixTable } from './prefix-table';

/** The set of proxies (load balancers, CDN egress) whose headers we believe. */
export class TrustedProxies {
  private constructor(private readonly table: PrefixTable<true>) {}

  /** Throws PLACEMENT.INVALID_CIDR naming the bad entry, so config fails at boot. */
  static fromCidrs(cidrs: readonly string[]): TrustedProxies {
    const table = new PrefixTable<true>();
    for (const cidr of cidrs) table.add(parseCidr(cidr), true);
    return new TrustedProxies(table);
  }

  isTrusted(ip: ParsedIp): boolean {
    return this.table.has(ip);
  }
}

export interface ClientAddressInput {
  /** Socket remote address as Node reports it (may be "::ffff:1.2.3.4"). */
  peerAddress: string;
  xForwardedFor?: string | readonly string[] | null;
  forwarded?: string | readonly string[] | null;
}

/** The header trusted proxies append the client to (TRUSTED_PROXY_HEADER); the other one is never read. */
export type ForwardingHeader = 'x-forwarded-for' | 'forwarded';

export interface ClientAddressOptions {
  header?: ForwardingHeader;
  /** CDN egress ranges (CDN_PROXIES): trusted as proxies, and the only hops whose CDN headers are believed. */
  cdn?: TrustedProxies;
}

export interface ClientAddress extends RequestClientAddress {
  parsed: ParsedIp | null;
}

/**
 * Finds the client IP. Headers count only when the socket peer is trusted, and only the one header the proxies
 * are configured to append (`TRUSTED_PROXY_HEADER`): a client can write either header, so reading both would let
 * a client-written `Forwarded` beat the proxy-appended `X-Forwarded-For` (or the reverse). Hops are walked right
 * to left (nearest proxy first) and the first untrusted hop is the client. Entries left of it are
 * client-controlled and are never parsed for meaning, so a client cannot break its own placement by sending junk;
 * a malformed entry that a trusted proxy appended is a proxy misconfiguration and throws
 * PLACEMENT.MALFORMED_FORWARDED_HEADER (loud, not silently placed by the proxy's own address). `viaCdn` says the
 * hop that appended the client (the one the client connected to) is a CDN range: only then is a CDN header
 * (CF-IPCountry, CF-Ray) the CDN's word rather than the client's.
 */
export function resolveClientAddress(
  input: ClientAddressInput,
  trusted: TrustedProxies,
  options: ClientAddressOptions = {},
): ClientAddress {
  const header = options.header ?? 'x-forwarded-for';
  const cdn = options.cdn;
  const isTrusted = (ip: ParsedIp) => trusted.isTrusted(ip) || (cdn?.isTrusted(ip) ?? false);
  const isCdn = (ip: ParsedIp | null) => (ip !== null && cdn?.isTrusted(ip)) ?? false;
  const peerLiteral = normaliseIpLiteral(input.peerAddress);
  const peer = peerLiteral === null ? null : parseIp(peerLiteral);
  const peerIp = peerLiteral ?? input.peerAddress;
  const base = { peerIp, viaCdn: false };
  if (peer === null || peerLiteral === null) {
    // Unix sockets and test harnesses report no IP; nothing to trust.
    return {
      ...base,
      ip: null,
      parsed: null,
      viaTrustedProxy: false,
      source: 'peer',
      unidentified: 'missing',
    };
  }
  if (!isTrusted(peer))
    return { ...base, ip: peerLiteral, parsed: peer, viaTrustedProxy: false, source: 'peer' };

  const source = header;
  const hops =
    header === 'forwarded' ? parseForwarded(input.forwarded) : parseXForwardedFor(input.xForwardedFor);
  if (hops.length === 0)
    return { ...base, ip: peerLiteral, parsed: peer, viaTrustedProxy: true, source: 'peer' };

  // The hop right of the one being looked at: whoever appended it.
  let appender: ParsedIp = peer;
  let leftmost: { literal: string; parsed: ParsedIp } | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop: ForwardedHop = hops[i];
    if (hop.kind !== 'address') {
      return {
        ...base,
        ip: null,
        parsed: null,
        viaTrustedProxy: true,
        viaCdn: isCdn(appender),
        source,
        unidentified: hop.kind,
      };
    }
    const literal = normaliseIpLiteral(hop.raw);
    const parsed = literal === null ? null : parseIp(literal);
    if (literal === null || parsed === null) {
      throw new PlacementError(
        'PLACEMENT.MALFORMED_FORWARDED_HEADER',
        `Malformed ${source === 'forwarded' ? 'Forwarded' : 'X-Forwarded-For'} header: "${hop.raw}" is not an IP address`,
      );
    }
    if (!isTrusted(parsed))
      return { ...base, ip: literal, parsed, viaTrustedProxy: true, viaCdn: isCdn(appender), source };
    leftmost = { literal, parsed };
    if (i > 0) appender = parsed;
  }
  // Every hop is one of ours: the client lives inside a trusted network.
  return {
    ...base,
    ip: leftmost!.literal,
    parsed: leftmost!.parsed,
    viaTrustedProxy: true,
    viaCdn: isCdn(appender),
    source,
  };
}
