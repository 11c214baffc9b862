import { Module } from '@nestjs/common';
import { LatencyRepository } from './repositories/latency.repository';
import { PLACEMENT } from './domain/placement.port';
import { ClientAddressService } from './services/client-address.service';
import { PlacementRepository } from './repositories/placement.repository';
import { PlacementService } from './services/placement.service';
import { PlacementStateService } from './services/placement-state';

@Module({
  providers: [
    ClientAddressService,
    PlacementRepository,
    LatencyRepository,
    PlacementStateService,
    PlacementService,
    { provide: PLACEMENT, useExisting: PlacementService },
  ],
  exports: [PLACEMENT, PlacementService, PlacementStateService, ClientAddressService, LatencyRepository],
})
export class PlacementModule {}
