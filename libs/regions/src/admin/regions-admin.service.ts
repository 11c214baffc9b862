import { Injectable } from '@nestjs/common';
import { DomainError, listRequest, toPage, type Page } from '@landfall/common';
import { type Actor } from '@landfall/audit';
import type { Region } from '../region';
import { RegionsRepository } from '../regions.repository';
import { REGION_SORT, type CreateRegionDto, type ListRegionsQuery, type UpdateRegionDto } from './region.dto';

@Injectable()
export class RegionsAdminService {
  constructor(private readonly regions: RegionsRepository) {}

  async list(query: ListRegionsQuery): Promise<Page<Region>> {
    const request = listRequest(REGION_SORT, query);
    const { rows, total } = await this.regions.list(request);
    return toPage(rows, request, (row) => row, total);
  }

  async get(code: string): Promise<Region> {
    const region = await this.regions.findByCode(code);
    if (!region) throw new DomainError('not_found', 'REGION.NOT_FOUND', `No region ${code}`);
    return region;
  }

  create(input: CreateRegionDto, actor: Actor): Promise<Region> {
    return this.regions.create(
      {
        code: input.code,
        displayName: input.displayName,
        city: input.city ?? null,
        countryCode: input.countryCode ?? null,
        latitude: input.latitude,
        longitude: input.longitude,
        endpoint: input.endpoint,
        status: input.status ?? 'active',
        weight: input.weight ?? 100,
      },
      actor,
    );
  }

  /** Disabling a region that still holds live backups would strand them: drain and migrate first. */
  async update(code: string, change: UpdateRegionDto, actor: Actor): Promise<Region> {
    if (change.status === 'disabled') {
      const live = await this.regions.countLiveBackups(code);
      if (live > 0) {
        throw new DomainError(
          'conflict',
          'REGION.HAS_BACKUPS',
          `Region ${code} still holds ${live} live backups; drain and migrate them first`,
        );
      }
    }
    return this.regions.update(code, change, actor);
  }
}
