import { normaliseIpLiteral, parseIp, type ParsedIp } from './ip-address';
import { PlacementError } from './placement-error';

export interface Cidr {
  version: 4 | 6;
  /** Network words with host bits cleared. */
  words: [number, number, number, number];
  prefixLength: number;
  /** Canonical text, e.g. "10.0.0.0/8". */
  text: string;
}

/** Clears every bit after prefixLength; 4 words cover both families. */
export function maskWords(words: readonly number[], prefixLength: number): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const bits = Math.min(32, Math.max(0, prefixLength - i * 32));
    out[i] = bits === 0 ? 0 : bits === 32 ? words[i] >>> 0 : (words[i] & (0xffffffff << (32 - bits))) >>> 0;
  }
  return out;
}

/**
 * Parses "a.b.c.d/n" or "v6/n"; a bare address means a single host. Host bits
 * set (e.g. "10.0.0.1/8") are rejected: in config they are almost always a typo.
 */
export function parseCidr(input: string): Cidr {
  const fail = (why: string): never => {
    throw new PlacementError('PLACEMENT.INVALID_CIDR', `Invalid CIDR "${input}": ${why}`);
  };
  const trimmed = input.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  // Brackets/ports are legal in headers but never in a CIDR, so reject them here.
  const literal = /[[\]"]/.test(addressText) ? null : normaliseIpLiteral(addressText);
  const ip: ParsedIp | null = literal === null ? null : parseIp(literal);
  if (!ip || literal === null) return fail('not an IPv4 or IPv6 address');
  const parsed = ip;
  const max = parsed.version === 4 ? 32 : 128;
  let prefixLength = max;
  if (slash >= 0) {
    const lengthText = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText)) fail('prefix length must be a number');
    prefixLength = Number(lengthText);
    if (prefixLength > max) fail(`prefix length must be 0..${max} for IPv${parsed.version}`);
  }
  const words = maskWords(parsed.words, prefixLength);
  if (words.some((w, i) => w !== parsed.words[i] >>> 0)) fail('host bits are set after the prefix');
  return { version: parsed.version, words, prefixLength, text: `${literal}/${prefixLength}` };
}
