import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * An address as 4 big-endian 32-bit words. IPv4 uses only words[0], so prefix
 * matching is the same code for both families.
 */
export interface ParsedIp {
  version: 4 | 6;
  words: [number, number, number, number];
}

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Strips what proxies wrap around an address: quotes, brackets, ports, zone ids,
 * and unwraps IPv4-mapped IPv6 so "::ffff:1.2.3.4" and "1.2.3.4" compare equal.
 * Returns null if what remains is not an IP literal.
 */
export function normaliseIpLiteral(raw: string): string | null {
  let value = raw.trim();
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).trim();
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return null;
    const rest = value.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    value = value.slice(1, close);
  } else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(value)) {
    value = value.slice(0, value.lastIndexOf(':'));
  }
  const zone = value.indexOf('%');
  if (zone >= 0 && value.includes(':')) value = value.slice(0, zone);
  const mapped = MAPPED_V4.exec(value);
  if (mapped) value = mapped[1];
  const version = isIP(value);
  if (version === 0) return null;
  return version === 6 ? value.toLowerCase() : value;
}

/**
 * Parses an already-normalised literal (see normaliseIpLiteral); null if not an IP. Node's `isIP` decides what is
 * an address (ipaddr.js alone would also take forms such as `0x7f.1`); ipaddr.js turns it into bytes.
 */
export function parseIp(literal: string): ParsedIp | null {
  const version = isIP(literal);
  if (version === 0) return null;
  const mapped = version === 6 ? MAPPED_V4.exec(literal) : null;
  const bytes = ipaddr.parse(mapped ? mapped[1] : literal).toByteArray();
  const word = (i: number) =>
    ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
  if (bytes.length === 4) return { version: 4, words: [word(0), 0, 0, 0] };
  return { version: 6, words: [word(0), word(4), word(8), word(12)] };
}
