import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import type { AppliancePrincipal, CallContext } from '@landfall/identity';
import { networkOf, ReportRejection, validateReport, type ReportRegion } from '@landfall/latency';
import { PlacementService } from './placement.service';
import { PlacementStateService } from './placement-state';
import type { LatencyReportAcceptedDto } from '../dto/latency-report.dto';
import { LatencyRepository } from '../repositories/latency.repository';

/** POST /v1/latency-reports: validate a whole report against where the caller is, then store it whole. */
@Injectable()
export class LatencyReportsService {
  constructor(
    private readonly placement: PlacementService,
    private readonly state: PlacementStateService,
    private readonly repository: LatencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async report(
    appliance: AppliancePrincipal,
    call: CallContext,
    samples: unknown,
  ): Promise<LatencyReportAcceptedDto> {
    const caller = this.placement.locate(call.client.ip);
    const geo = caller.geo;
    if (
      !caller.ip ||
      caller.confidence !== 'precise' ||
      !geo ||
      geo.latitude === null ||
      geo.longitude === null
    ) {
      throw new DomainError(
        'invalid',
        'LATENCY.CALLER_NOT_LOCATED',
        'The hub cannot locate this caller precisely enough for its measurements to mean anything; do not retry',
      );
    }
    const regions = new Map<string, ReportRegion>(
      this.state
        .current()
        .regions.map((r) => [
          r.code,
          { code: r.code, latitude: r.latitude, longitude: r.longitude, status: r.status },
        ]),
    );
    const now = this.clock.now();
    const origin = {
      latitude: geo.latitude,
      longitude: geo.longitude,
      accuracyKm: geo.accuracyRadiusKm,
      countryCode: geo.countryCode,
      subdivision: geo.subdivisionCode,
      network: networkOf(caller.ip),
    };
    let valid;
    try {
      valid = validateReport(samples, origin, regions, now, {
        maxSamples: this.config.latency.maxSamplesPerReport,
        maxAgeDays: this.config.latency.maxAgeDays,
      });
    } catch (error) {
      if (!(error instanceof ReportRejection)) throw error;
      throw new DomainError(error.tooLarge ? 'too_large' : 'invalid', error.code, error.message, {
        details: error.sample === undefined ? undefined : { sample: error.sample },
      });
    }
    const stored = await this.repository.storeReport(appliance.applianceId, origin, valid, {
      reportsPerHour: this.config.latency.reportsPerHour,
      now: new Date(now),
    });
    return {
      batchId: stored.batchId,
      accepted: stored.stored,
      countryCode: origin.countryCode,
      network: origin.network,
    };
  }
}
