import { Module } from '@nestjs/common';
import { PlacementModule } from './placement.module';
import { OverridesController } from './controllers/overrides.admin.controller';
import { OverridesRepository } from './repositories/overrides.repository';
import { OverridesService } from './services/overrides.service';
import { PinsController } from './controllers/pins.admin.controller';
import { PinsRepository } from './repositories/pins.repository';
import { PinsService } from './services/pins.service';
import { PlacementAdminController } from './controllers/placement.admin.controller';
import { PlacementMapRepository } from './repositories/placement-map.repository';
import { PlacementMapService } from './services/placement-map.service';

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
