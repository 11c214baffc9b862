import { stat } from 'node:fs/promises';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { METRICS } from '@landfall/common';
import { UNKNOWN_LOCATION, type GeoLocation } from '../domain/geo-location';
import { GeoIpReader, type GeoIpFileStatus } from './geoip-reader';
import { normaliseGeoRecord, type GeoRecord } from '../domain/normalise-geo-record';
import { SubdivisionNameIndex } from '../domain/subdivision-name-index';

export interface GeoIpStatus {
  files: GeoIpFileStatus[];
  loadedAt: string;
  reloads: number;
  rejectedReloads: number;
  lastRejection?: { at: string; reason: string };
}

/** Addresses every usable database must answer without error (it may not know them). */
const PROBES = ['8.8.8.8', '1.1.1.1', '81.2.69.142', '2001:4860:4860::8888', '2a00:1450:4001:81b::200e'];

const countReload = METRICS.counter('landfall_geoip_reloads_total', 'GeoIP database reloads by outcome', [
  'outcome',
]);

/**
 * The GeoIP database the hub reads, hot-reloaded: when a file changes (and has stopped changing for one poll),
 * the new one is opened and probed in the background and swapped in with one assignment. A corrupt or
 * truncated file is rejected; the last good database keeps serving, and the rejection is logged, counted
 * and shown in /readyz.
 */
export class GeoIpService implements OnModuleDestroy {
  private readonly logger = new Logger(GeoIpService.name);
  private readonly names = new SubdivisionNameIndex();
  private current: { reader: GeoIpReader; loadedAt: Date };
  private fingerprint: string;
  private pending: string | null = null;
  private reloading = false;
  private timer?: NodeJS.Timeout;
  private reloads = 0;
  private rejectedReloads = 0;
  private lastRejection?: { at: string; reason: string };

  private constructor(
    private readonly paths: string[],
    reader: GeoIpReader,
    fingerprint: string,
  ) {
    this.current = { reader, loadedAt: new Date() };
    this.fingerprint = fingerprint;
    METRICS.gaugeCollected(
      'landfall_geoip_loaded_timestamp_seconds',
      'When the GeoIP database now serving was loaded (Unix time)',
      [],
      (set) => set(this.current.loadedAt.getTime() / 1000),
    );
    METRICS.gaugeCollected(
      'landfall_geoip_rejected_reloads',
      'GeoIP files rejected since start (corrupt or truncated; the previous database kept serving)',
      [],
      (set) => set(this.rejectedReloads),
    );
  }

  static async open(paths: string[], pollIntervalMs: number): Promise<GeoIpService> {
    const fingerprint = await fingerprintOf(paths);
    const reader = await openValidated(paths);
    const service = new GeoIpService(paths, reader, fingerprint);
    service.timer = setInterval(() => void service.poll(), pollIntervalMs);
    service.timer.unref();
    return service;
  }

  locate(ip: string): GeoLocation {
    const record = this.current.reader.lookup(ip) as GeoRecord | null;
    return record ? normaliseGeoRecord(record, this.names) : UNKNOWN_LOCATION;
  }

  status(): GeoIpStatus {
    return {
      files: this.current.reader.files(),
      loadedAt: this.current.loadedAt.toISOString(),
      reloads: this.reloads,
      rejectedReloads: this.rejectedReloads,
      lastRejection: this.lastRejection,
    };
  }

  /** Checks the files now; resolves once any reload it started has finished. */
  async poll(): Promise<void> {
    if (this.reloading) return;
    let seen: string;
    try {
      seen = await fingerprintOf(this.paths);
    } catch (error) {
      this.reject(`cannot stat the database files: ${(error as Error).message}`);
      return;
    }
    if (seen === this.fingerprint) {
      this.pending = null;
      return;
    }
    // Wait until the file has stopped changing, so a copy in progress is not mistaken for a corrupt file.
    if (seen !== this.pending) {
      this.pending = seen;
      return;
    }
    this.reloading = true;
    try {
      const reader = await openValidated(this.paths);
      this.current = { reader, loadedAt: new Date() };
      this.reloads++;
      countReload({ outcome: 'loaded' });
      this.logger.log({ files: reader.files() }, 'GeoIP database reloaded');
    } catch (error) {
      this.reject((error as Error).message);
    } finally {
      this.fingerprint = seen;
      this.pending = null;
      this.reloading = false;
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private reject(reason: string): void {
    this.rejectedReloads++;
    this.lastRejection = { at: new Date().toISOString(), reason };
    countReload({ outcome: 'rejected' });
    this.logger.error({ reason }, 'GeoIP database rejected; the last good one keeps serving');
  }
}

async function openValidated(paths: string[]): Promise<GeoIpReader> {
  const reader = await GeoIpReader.open(paths);
  for (const ip of PROBES) reader.lookup(ip);
  return reader;
}

async function fingerprintOf(paths: string[]): Promise<string> {
  const stats = await Promise.all(paths.map((p) => stat(p)));
  return stats.map((s) => `${s.ino}:${s.size}:${s.mtimeMs}`).join('|');
}
