import { isIPv4 } from 'node:net';
import { open, type Reader, type Response } from 'maxmind';

export interface GeoIpFileStatus {
  path: string;
  databaseType: string;
  ipVersion: number;
  builtAt: string;
}

/**
 * Reads one or more `.mmdb` files (DB-IP ships IPv4 and IPv6 as two files; MaxMind as one). An IPv4 address is
 * looked up in the first file that holds IPv4, an IPv6 address in the first that holds IPv6.
 */
export class GeoIpReader {
  private constructor(
    private readonly files_: { path: string; reader: Reader<Response> }[],
    private readonly forV4: Reader<Response> | undefined,
    private readonly forV6: Reader<Response> | undefined,
  ) {}

  static async open(paths: string[]): Promise<GeoIpReader> {
    if (paths.length === 0) throw new Error('no GeoIP database configured');
    const files = await Promise.all(
      paths.map(async (path) => ({ path, reader: await open<Response>(path, { watchForUpdates: false }) })),
    );
    const v6 = files.find((f) => f.reader.metadata.ipVersion === 6)?.reader;
    const v4 = files.find((f) => f.reader.metadata.ipVersion === 4)?.reader ?? v6;
    return new GeoIpReader(files, v4, v6);
  }

  lookup(ip: string): Response | null {
    const reader = isIPv4(ip) ? this.forV4 : this.forV6;
    return reader ? reader.get(ip) : null;
  }

  files(): GeoIpFileStatus[] {
    return this.files_.map(({ path, reader }) => ({
      path,
      databaseType: reader.metadata.databaseType,
      ipVersion: reader.metadata.ipVersion,
      builtAt: reader.metadata.buildEpoch.toISOString(),
    }));
  }
}
