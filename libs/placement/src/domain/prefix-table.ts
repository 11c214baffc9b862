import { maskWords, type Cidr } from './cidr';
import type { ParsedIp } from './ip-address';

/**
 * Longest-prefix-match table. One Map per prefix length that is actually used,
 * probed longest first: a lookup costs (#distinct lengths) Map probes, which
 * is ~20 for AWS ip-ranges.json, far cheaper than scanning 10k prefixes.
 */
export class PrefixTable<T> {
  private readonly byLength = { 4: new Map<number, Map<string, T>>(), 6: new Map<number, Map<string, T>>() };
  private lengths: { 4: number[]; 6: number[] } = { 4: [], 6: [] };
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a prefix; the first value stored for an identical prefix wins. */
  add(cidr: Cidr, value: T): void {
    const family = this.byLength[cidr.version];
    let table = family.get(cidr.prefixLength);
    if (!table) {
      table = new Map();
      family.set(cidr.prefixLength, table);
      this.lengths[cidr.version] = [...family.keys()].sort((a, b) => b - a);
    }
    const key = keyOf(cidr.words, cidr.version);
    if (!table.has(key)) {
      table.set(key, value);
      this.count++;
    }
  }

  /** The value of the most specific prefix containing ip, or undefined. */
  lookup(ip: ParsedIp): T | undefined {
    const family = this.byLength[ip.version];
    for (const length of this.lengths[ip.version]) {
      const hit = family.get(length)!.get(keyOf(maskWords(ip.words, length), ip.version));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  has(ip: ParsedIp): boolean {
    return this.lookup(ip) !== undefined;
  }
}

function keyOf(words: readonly number[], version: 4 | 6): string {
  return version === 4 ? String(words[0]) : `${words[0]}:${words[1]}:${words[2]}:${words[3]}`;
}
