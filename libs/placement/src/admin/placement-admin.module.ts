import { Module } from '@nestjs/common';
import { PlacementModule } from '../runtime/placement.module';
import { OverridesController } from './overrides.controller';
import { OverridesRepository } from './overrides.repository';
import { OverridesService } from './overrides.service';
import { PlacementAdminController } from './placement-admin.controller';

@Module({
  imports: [PlacementModule],
  controllers: [OverridesController, PlacementAdminController],
  providers: [OverridesRepository, OverridesService],
  exports: [OverridesService],
})
export class PlacementAdminModule {}
