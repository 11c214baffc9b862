import { Global, Module } from '@nestjs/common';
import {
  PLACEMENT,
  type PlacementDecision,
  type PlacementPort,
  type PlacementRequest,
} from '../../../libs/placement/src/placement.port';

/**
 * A deterministic stand-in for the real placement (libs/placement, built in parallel): sticky for an existing
 * backup, else the agent's region hint, else us-east-1. Tests only; the hub ships no fake placement.
 */
export class TestPlacement implements PlacementPort {
  calls = 0;

  async decide(request: PlacementRequest): Promise<PlacementDecision> {
    this.calls += 1;
    const [region, signal] = request.existingBackupRegion
      ? [request.existingBackupRegion, 'existing-backup' as const]
      : request.regionHint
        ? [request.regionHint, 'region-hint' as const]
        : ['us-east-1', 'weighted-fallback' as const];
    return {
      region,
      candidates: ['us-east-1', 'eu-west-1'],
      signal,
      confidence: 'unknown',
      clientIp: request.peerIp,
      countryCode: null,
      subdivisionCode: null,
      reasons: [`test placement: ${signal}`],
    };
  }
}

@Global()
@Module({
  providers: [{ provide: PLACEMENT, useClass: TestPlacement }],
  exports: [PLACEMENT],
})
export class TestPlacementModule {}
