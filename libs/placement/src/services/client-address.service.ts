import { Inject, Injectable } from '@nestjs/common';
import type { ClientAddressResolver } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { resolveClientAddress, TrustedProxies, type ClientAddress } from '../domain/client-address';

/**
 * The hub's one way of telling who called: TRUSTED_PROXIES, TRUSTED_PROXY_HEADER and CDN_PROXIES applied to a
 * request's peer and headers. Bootstrap runs it once per request (`attachClientAddress`); the limiter, audit and
 * placement all read that one result.
 */
@Injectable()
export class ClientAddressService {
  private readonly trusted: TrustedProxies;
  private readonly cdn: TrustedProxies;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.trusted = TrustedProxies.fromCidrs(config.placement.trustedProxies);
    this.cdn = TrustedProxies.fromCidrs(config.placement.cdnProxies);
  }

  readonly resolve: ClientAddressResolver = ({ peerIp, headers }): ClientAddress =>
    resolveClientAddress(
      { peerAddress: peerIp, xForwardedFor: headers['x-forwarded-for'], forwarded: headers.forwarded },
      this.trusted,
      { header: this.config.placement.trustedProxyHeader, cdn: this.cdn },
    );
}
