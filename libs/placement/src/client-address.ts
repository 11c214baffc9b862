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

export interface ClientAddress {
  /** Normalised client IP; null when a trusted proxy said it does not know it. */
  ip: string | null;
  parsed: ParsedIp | null;
  /** True when the immediate peer is a trusted proxy (gates CDN headers too). */
  viaTrustedProxy: boolean;
  source: 'peer' | 'forwarded' | 'x-forwarded-for';
  /** Set when ip is null: the hop that broke the chain. */
  unidentified?: 'unknown' | 'obfuscated' | 'missing';
}

/**
 * Finds the client IP. Headers count only when the socket peer is trusted;
 * then hops are walked right to left (nearest proxy first) and the first
 * untrusted hop is the client. Entries left of it are client-controlled and
 * are never parsed for meaning, so a client cannot break its own placement by
 * sending junk; a malformed entry that a trusted proxy appended is a proxy
 * misconfiguration and throws PLACEMENT.MALFORMED_FORWARDED_HEADER (loud, not
 * silently placed by the proxy's own address). Forwarded wins over
 * X-Forwarded-For when both are present because it is the standard.
 */
export function resolveClientAddress(input: ClientAddressInput, trusted: TrustedProxies): ClientAddress {
  const peerLiteral = normaliseIpLiteral(input.peerAddress);
  const peer = peerLiteral === null ? null : parseIp(peerLiteral);
  if (peer === null || peerLiteral === null) {
    // Unix sockets and test harnesses report no IP; nothing to trust.
    return { ip: null, parsed: null, viaTrustedProxy: false, source: 'peer', unidentified: 'missing' };
  }
  if (!trusted.isTrusted(peer))
    return { ip: peerLiteral, parsed: peer, viaTrustedProxy: false, source: 'peer' };

  const forwardedHops = parseForwarded(input.forwarded);
  const source = forwardedHops.length > 0 ? 'forwarded' : 'x-forwarded-for';
  const hops = forwardedHops.length > 0 ? forwardedHops : parseXForwardedFor(input.xForwardedFor);
  if (hops.length === 0) return { ip: peerLiteral, parsed: peer, viaTrustedProxy: true, source: 'peer' };

  let leftmost: { literal: string; parsed: ParsedIp } | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop: ForwardedHop = hops[i];
    if (hop.kind !== 'address')
      return { ip: null, parsed: null, viaTrustedProxy: true, source, unidentified: hop.kind };
    const literal = normaliseIpLiteral(hop.raw);
    const parsed = literal === null ? null : parseIp(literal);
    if (literal === null || parsed === null) {
      throw new PlacementError(
        'PLACEMENT.MALFORMED_FORWARDED_HEADER',
        `Malformed ${source === 'forwarded' ? 'Forwarded' : 'X-Forwarded-For'} header: "${hop.raw}" is not an IP address`,
      );
    }
    if (!trusted.isTrusted(parsed)) return { ip: literal, parsed, viaTrustedProxy: true, source };
    leftmost = { literal, parsed };
  }
  // Every hop is one of ours: the client lives inside a trusted network.
  return { ip: leftmost!.literal, parsed: leftmost!.parsed, viaTrustedProxy: true, source };
}
