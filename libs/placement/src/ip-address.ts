import { isIP } from 'node:net';

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

function parseV4Word(text: string): number {
  const parts = text.split('.');
  return ((+parts[0] << 24) | (+parts[1] << 16) | (+parts[2] << 8) | +parts[3]) >>> 0;
}

function parseV6Words(text: string): [number, number, number, number] {
  let groups: number[];
  const tailV4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  let body = text;
  const extra: number[] = [];
  if (tailV4) {
    const v4 = parseV4Word(tailV4[1]);
    extra.push(v4 >>> 16, v4 & 0xffff);
    body = text.slice(0, -tailV4[1].length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const toGroups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const gap = body.indexOf('::');
  if (gap >= 0) {
    const head = toGroups(body.slice(0, gap));
    const tail = [...toGroups(body.slice(gap + 2)), ...extra];
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    groups = [...toGroups(body), ...extra];
  }
  return [0, 1, 2, 3].map((i) => ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0) as [
    number,
    number,
    number,
    number,
  ];
}

/** Parses an already-normalised literal (see normaliseIpLiteral); null if not an IP. */
export function parseIp(literal: string): ParsedIp | null {
  const version = isIP(literal);
  if (version === 4) return { version: 4, words: [parseV4Word(literal), 0, 0, 0] };
  if (version === 6) {
    const mapped = MAPPED_V4.exec(literal);
    if (mapped) return { version: 4, words: [parseV4Word(mapped[1]), 0, 0, 0] };
    return { version: 6, words: parseV6Words(literal) };
  }
  return null;
}
