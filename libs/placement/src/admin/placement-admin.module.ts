import { Module } from '@nestjs/common';
import { PlacementModule } from '../runtime/placement.module';
import { OverridesController } from './overrides.controller';
import { OverridesRepository } from './overrides.repository';
import { OverridesService } from './overrides.service';
import { PinsController } from './pins.controller';
import { PinsRepository } from './pins.repository';
import { PinsService } from './pins.service';
import { PlacementAdminController } from './placement-admin.controller';
import { PlacementMapRepository } from './placement-map.repository';
import { PlacementMapService } from './placement-map.service';

@Module({
  imports: [PlacementModule],
  controllers: [OverridesController, PlacementAdminController, PinsController],
  providers: [
    OverridesRepository,
    OverridesService,
    PinsRepository,
    PinsService,
    PlacementMapRepository,
    PlacementMapService,
  ],
  exports: [OverridesService, OverridesRepository],
})
export class PlacementAdminModule {}
