import { Injectable } from '@nestjs/common';
import { DomainError } from '@landfall/common';
import { parseLatencyImport, type ReportRegion } from '@landfall/latency';
import { type Actor } from '@landfall/audit';
import { decide } from '../domain/decide';
import { scopeKindOf } from '../domain/scope-codes';
import { PlacementStateService } from './placement-state';
import type { LatencyImportResultDto, ResolveLocationDto, ResolvedItemDto } from '../dto/latency-admin.dto';
import { LatencyRepository } from '../repositories/latency.repository';

/** Operator imports of measured latency, and what-if resolution against the live in-memory state. */
@Injectable()
export class LatencyAdminService {
  constructor(
    private readonly state: PlacementStateService,
    private readonly repository: LatencyRepository,
  ) {}

  /** All rows or none; on return this replica already places with them, the others within a NOTIFY. */
  async importCsv(csv: unknown, actor: Actor): Promise<LatencyImportResultDto> {
    if (typeof csv !== 'string')
      throw new DomainError('invalid', 'LATENCY.IMPORT_NOT_CSV', 'Send the file as text/csv');
    const regions = new Map<string, ReportRegion>(
      this.state.current().regions.map((r) => [r.code, { ...r }]),
    );
    const { rows, problems } = parseLatencyImport(csv, regions, {
      isCountry: (c) => scopeKindOf(c) === 'country',
      isSubdivision: (c) => scopeKindOf(c) === 'subdivision',
    });
    if (problems.length > 0) {
      const first = problems[0];
      throw new DomainError(
        'invalid',
        'LATENCY.INVALID_IMPORT',
        `${problems.length} bad row(s); first: line ${first.line}: ${first.message}`,
        { details: { problems } },
      );
    }
    const stored = await this.repository.storeImport(
      rows.map((r) => ({ ...r, countryCode: r.country })),
      new Date(),
      actor,
    );
    await this.state.rebuildEstimator();
    return {
      batchId: stored.batchId,
      rows: stored.stored,
      samples: rows.reduce((sum, r) => sum + r.samples, 0),
    };
  }

  /** The full live decision for a caller at each place with no existing backup (no pins, no hint). */
  resolve(locations: readonly ResolveLocationDto[]): ResolvedItemDto[] {
    const environment = this.state.current().environment;
    if (!environment)
      throw new DomainError('unavailable', 'PLACEMENT.NO_ACTIVE_REGIONS', 'No storage region is active', {
        retryAfterSeconds: 30,
      });
    return locations.map((location) => {
      const decision = decide(
        {
          applianceId: location.id,
          geo: {
            countryCode: location.country,
            subdivisionCode: location.subdivision ?? null,
            latitude: location.latitude,
            longitude: location.longitude,
            accuracyRadiusKm: null,
            city: null,
          },
        },
        environment,
      );
      return {
        id: location.id,
        region: decision.region,
        signal: decision.signal,
        candidates: [...decision.candidates],
      };
    });
  }
}
