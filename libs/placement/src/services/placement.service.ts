import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { GeoIpService, type GeoLocation } from '@landfall/geoip';
import type { ClientAddress } from '../domain/client-address';
import { classifyConfidence, type GeoConfidence } from '../domain/confidence';
import { decide } from '../domain/decide';
import { parseIp } from '../domain/ip-address';
import type {
  PlacementDecision,
  PlacementPort,
  PlacementRequest,
  ProbeTarget,
} from '../domain/placement.port';
import { PlacementRepository } from '../repositories/placement.repository';
import { PlacementStateService } from './placement-state';

/** Where a caller is, as placement sees it: the client address (forwarded headers honoured) and its GeoIP. */
export interface LocatedCaller {
  ip: string | null;
  geo: GeoLocation | null;
  confidence: GeoConfidence;
}

/** Round trips an agent should time per probe target (the minimum is reported). */
export const PROBE_ATTEMPTS = 5;

export interface ExplainRequest {
  ip: string;
  applianceId?: string;
  regionHint?: string;
}

/** The placement port: locates the caller and applies the decision engine to the in-memory state. */
@Injectable()
export class PlacementService implements PlacementPort {
  private readonly probeCandidates: number;

  constructor(
    private readonly state: PlacementStateService,
    private readonly geoip: GeoIpService,
    private readonly repository: PlacementRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.probeCandidates = config.placement.probeCandidates;
  }

  /** The caller's address and location, as a decision for this request would see them. */
  locate(clientIp: string | null): LocatedCaller {
    const client = { ip: clientIp };
    const geo = client.ip ? this.geoip.locate(client.ip) : null;
    const environment = this.state.current().environment;
    return { ip: client.ip, geo, confidence: classifyConfidence(geo, environment?.confidence).level };
  }

  /**
   * What an agent should time: the first PLACEMENT_PROBE_CANDIDATES of the decision's candidates (the chosen
   * region first, always included), each at its S3 endpoint.
   */
  probesFor(region: string, candidates: readonly string[]): ProbeTarget[] {
    const endpoints = new Map(this.state.current().regions.map((r) => [r.code, r.endpoint]));
    const order = [region, ...candidates.filter((c) => c !== region)];
    return order
      .filter((code) => endpoints.has(code))
      .slice(0, this.probeCandidates)
      .map((code) => ({
        region: code,
        url: endpoints.get(code)!,
        method: 'https-head',
        attempts: PROBE_ATTEMPTS,
      }));
  }

  async decide(request: PlacementRequest): Promise<PlacementDecision> {
    const client: ClientAddress = {
      ...request.client,
      parsed: request.client.ip === null ? null : parseIp(request.client.ip),
    };
    return this.decideFor(client, request, {
      cfIpCountry: single(request.headers['cf-ipcountry']),
      cfRay: single(request.headers['cf-ray']),
    });
  }

  /** "Why did this IP go there": the same decision an init from that address would get, without side effects. */
  async explain(request: ExplainRequest): Promise<PlacementDecision> {
    const parsed = parseIp(request.ip.trim());
    if (!parsed)
      throw new DomainError(
        'invalid',
        'PLACEMENT.INVALID_IP',
        `"${request.ip}" is not an IPv4 or IPv6 address`,
      );
    const ip = request.ip.trim();
    const client: ClientAddress = {
      ip,
      parsed,
      peerIp: ip,
      viaTrustedProxy: false,
      viaCdn: false,
      source: 'peer',
    };
    let accountId = '';
    let existingBackupRegion: string | undefined;
    if (request.applianceId) {
      const appliance = await this.repository.findApplianceContext(request.applianceId);
      if (!appliance) throw new DomainError('not_found', 'APPLIANCE.NOT_FOUND', 'No such appliance');
      accountId = appliance.accountId;
      existingBackupRegion = appliance.backupRegion ?? undefined;
    }
    return this.decideFor(client, {
      applianceId: request.applianceId ?? request.ip.trim(),
      accountId,
      regionHint: request.regionHint,
      existingBackupRegion,
    });
  }

  private decideFor(
    client: ClientAddress,
    request: Pick<PlacementRequest, 'applianceId' | 'accountId' | 'regionHint' | 'existingBackupRegion'>,
    cdn?: { cfIpCountry?: string; cfRay?: string },
  ): PlacementDecision {
    const state = this.state.current();
    if (!state.environment) {
      throw new DomainError('unavailable', 'PLACEMENT.NO_ACTIVE_REGIONS', 'No storage region is active', {
        retryAfterSeconds: 30,
      });
    }
    const decision = decide(
      {
        applianceId: request.applianceId,
        existingBackupRegion: request.existingBackupRegion,
        appliancePin: state.appliancePins.get(request.applianceId),
        accountPin: request.accountId ? state.accountPins.get(request.accountId) : undefined,
        regionHint: request.regionHint,
        client,
        cdn,
        geo: client.ip ? this.geoip.locate(client.ip) : null,
      },
      state.environment,
    );
    return { ...decision, clientIp: client.ip };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
