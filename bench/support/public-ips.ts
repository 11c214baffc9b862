/** Well-known public addresses (resolvers, CDNs, big sites) on several continents. */
const WELL_KNOWN = [
  '8.8.8.8',
  '1.1.1.1',
  '9.9.9.9',
  '81.2.69.142',
  '208.67.222.222',
  '77.88.8.8',
  '180.76.76.76',
  '114.114.114.114',
  '200.221.11.100',
  '196.216.2.1',
  '203.2.218.214',
  '2001:4860:4860::8888',
  '2606:4700:4700::1111',
  '2a00:1450:4001:81b::200e',
  '2400:cb00:2048:1::c629:d7a2',
];

/** Ranges that are not public unicast (RFC 6890 and friends), as [first octet, second-octet range or null]. */
function isPublicV4(a: number, b: number): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 198 && (b === 18 || b === 19)) return false;
  return true;
}

/** Regional-registry IPv6 blocks (ARIN, RIPE, APNIC, LACNIC, AFRINIC) in use today. */
const V6_BLOCKS = [
  0x2001, 0x2400, 0x2401, 0x2403, 0x2600, 0x2601, 0x2604, 0x2a00, 0x2a01, 0x2a02, 0x2800, 0x2c0f,
];

/** Deterministic PRNG (mulberry32): every run measures the same addresses. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A spread of public addresses: the well-known ones plus `count` random public IPv4 (90%) and IPv6 (10%)
 * addresses from allocated space. More than the GeoIP reader's 10,000-entry cache, so lookups are real.
 */
export function publicIpSpread(count: number, seed = 42): string[] {
  const random = prng(seed);
  const byte = () => Math.floor(random() * 256);
  const hextet = () => Math.floor(random() * 65536).toString(16);
  const ips = [...WELL_KNOWN];
  while (ips.length < count) {
    if (random() < 0.9) {
      const a = 1 + Math.floor(random() * 223);
      const b = byte();
      if (isPublicV4(a, b)) ips.push(`${a}.${b}.${byte()}.${byte()}`);
    } else {
      const block = V6_BLOCKS[Math.floor(random() * V6_BLOCKS.length)].toString(16);
      ips.push(`${block}:${hextet()}:${hextet()}::${hextet()}`);
    }
  }
  return ips;
}
