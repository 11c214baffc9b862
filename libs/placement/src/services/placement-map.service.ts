import { Injectable } from '@nestjs/common';
import { compareCodes } from '../domain/geo';
import { PlacementStateService } from './placement-state';
import type { GeoPoint } from './runtime-index';
import type { MapEntryDto, PlacementMapDto } from '../dto/placement-map.dto';
import { PlacementMapRepository } from '../repositories/placement-map.repository';

const NONE = { appliances: 0, backups: 0 };

/** The effective index as a map: every entry with where it lies and how many appliances were placed there. */
@Injectable()
export class PlacementMapService {
  constructor(
    private readonly state: PlacementStateService,
    private readonly repository: PlacementMapRepository,
  ) {}

  async map(): Promise<PlacementMapDto> {
    const state = this.state.current();
    const counts = await this.repository.placedCounts();
    const centres = state.index.size > 0 ? this.state.locationCentres() : new Map<string, GeoPoint>();
    const entries: MapEntryDto[] = [...state.index.values()]
      .sort((a, b) => compareCodes(a.scope, b.scope))
      .map((entry) => {
        const subdivision = entry.scope.includes('-');
        const placed = (subdivision ? counts.bySubdivision : counts.byCountry).get(entry.scope) ?? NONE;
        const centre = centres.get(entry.scope);
        return {
          code: entry.scope,
          kind: subdivision ? 'subdivision' : 'country',
          countryCode: entry.scope.slice(0, 2),
          name: entry.name,
          regions: [...entry.regions],
          source: entry.source,
          reason: entry.reason,
          latitude: centre?.latitude ?? null,
          longitude: centre?.longitude ?? null,
          appliances: placed.appliances,
          backups: placed.backups,
        };
      });
    return {
      entries,
      regions: state.regions.map((r) => ({
        code: r.code,
        displayName: r.displayName,
        status: r.status,
        latitude: r.latitude,
        longitude: r.longitude,
        weight: r.weight,
      })),
      generation: state.generation,
      builtAt: state.builtAt.toISOString(),
    };
  }
}
