import { parseCidr } from './cidr';
import type { ParsedIp } from './ip-address';
import { PlacementError } from './placement-error';
import { PrefixTable } from './prefix-table';

/** The subset of AWS ip-ranges.json we read. */
export interface AwsIpRangesDocument {
  prefixes: ReadonlyArray<{ ip_prefix: string; region: string; service?: string }>;
  ipv6_prefixes: ReadonlyArray<{ ipv6_prefix: string; region: string; service?: string }>;
}

/**
 * Operator cloud address space -> our region code. A caller inside e.g. an
 * eu-west-1 EC2 range is an agent running in that region: same-region storage
 * is the cheapest and fastest answer there is.
 */
export class CloudIpRanges {
  private constructor(private readonly table: PrefixTable<string>) {}

  /**
   * @param regionMap provider region -> our region code; identity when absent
   *   (our codes are AWS's). A provider region mapped to null is skipped.
   * "GLOBAL" (CloudFront & co.) is skipped: it says nothing about location.
   */
  static fromAwsIpRanges(
    document: unknown,
    regionMap: Readonly<Record<string, string | null>> = {},
  ): CloudIpRanges {
    const fail = (why: string): never => {
      throw new PlacementError('PLACEMENT.INVALID_IP_RANGES', `Invalid ip-ranges document: ${why}`);
    };
    const doc = document as Partial<AwsIpRangesDocument> | null;
    if (!doc || !Array.isArray(doc.prefixes) || !Array.isArray(doc.ipv6_prefixes)) {
      return fail('expected "prefixes" and "ipv6_prefixes" arrays');
    }
    const table = new PrefixTable<string>();
    const add = (prefix: unknown, providerRegion: unknown, where: string): void => {
      if (typeof prefix !== 'string' || typeof providerRegion !== 'string')
        return fail(`${where}: missing prefix or region`);
      if (providerRegion === 'GLOBAL') return;
      const mapped = providerRegion in regionMap ? regionMap[providerRegion] : providerRegion;
      if (mapped === null) return;
      try {
        table.add(parseCidr(prefix), mapped);
      } catch (error) {
        fail(`${where}: ${(error as Error).message}`);
      }
    };
    // Untrusted JSON: read fields as unknown and let add() validate them.
    type Row = Readonly<Record<string, unknown>> | null | undefined;
    (doc.prefixes as readonly Row[]).forEach((p, i) => add(p?.ip_prefix, p?.region, `prefixes[${i}]`));
    (doc.ipv6_prefixes as readonly Row[]).forEach((p, i) =>
      add(p?.ipv6_prefix, p?.region, `ipv6_prefixes[${i}]`),
    );
    return new CloudIpRanges(table);
  }

  get size(): number {
    return this.table.size;
  }

  /** Our region code for the most specific range containing ip. */
  regionOf(ip: ParsedIp): string | undefined {
    return this.table.lookup(ip);
  }
}
