import { Module } from '@nestjs/common';
import { PLACEMENT } from '../placement.port';
import { ClientAddressService } from './client-address.service';
import { PlacementRepository } from './placement.repository';
import { PlacementService } from './placement.service';
import { PlacementStateService } from './placement-state';

@Module({
  providers: [
    ClientAddressService,
    PlacementRepository,
    PlacementStateService,
    PlacementService,
    { provide: PLACEMENT, useExisting: PlacementService },
  ],
  exports: [PLACEMENT, PlacementService, PlacementStateService, ClientAddressService],
})
export class PlacementModule {}
