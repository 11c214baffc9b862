import { Injectable } from '@nestjs/common';
import type { Actor } from '@landfall/audit';
import { OverridesService } from '@landfall/placement';
import type { MigrationDto, MigrationPlanDto } from '../dto/migration.dto';
import { MigrationsAdminService } from './migrations-admin.service';

/**
 * The backups an override (an accepted suggestion or any other) would have placed differently: those placed in
 * its scope whose index entry now puts the override's region first (a subdivision with an override of its own
 * pointing elsewhere is left alone). Planned and started by the ordinary migration machinery.
 */
@Injectable()
export class OverrideMigrationService {
  constructor(
    private readonly overrides: OverridesService,
    private readonly migrations: MigrationsAdminService,
  ) {}

  async migrate(overrideId: string, dryRun: boolean, actor: Actor): Promise<MigrationDto | MigrationPlanDto> {
    const override = await this.overrides.get(overrideId);
    return this.migrations.create(
      { targetRegion: override.region, placedIn: override.scope, indexPrefersTarget: true, dryRun },
      actor,
    );
  }
}
