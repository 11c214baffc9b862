import { Inject, Injectable } from '@nestjs/common';
import type { ClientAddressResolver } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { resolveClientAddress, TrustedProxies, type ClientAddress } from '../client-address';

/** Peers remembered (no proxy in front: the answer is the peer itself); the map is emptied when it is full. */
const MAX_DIRECT_PEERS = 10_000;

/**
 * The hub's one way of telling who called: TRUSTED_PROXIES, TRUSTED_PROXY_HEADER and CDN_PROXIES applied to a
 * request's peer and headers. Bootstrap binds it to every request (`attachClientAddress`); the limiter, audit and
 * placement all read that one result. A peer that is not a trusted proxy has its headers ignored, so its answer
 * depends on its address alone and is remembered: agents calling directly cost a map look-up, not a parse.
 */
@Injectable()
export class ClientAddressService {
  private readonly trusted: TrustedProxies;
  private readonly cdn: TrustedProxies;
  private readonly directPeers = new Map<string, ClientAddress>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.trusted = TrustedProxies.fromCidrs(config.placement.trustedProxies);
    this.cdn = TrustedProxies.fromCidrs(config.placement.cdnProxies);
  }

  readonly resolve: ClientAddressResolver = ({ peerIp, headers }): ClientAddress => {
    const direct = this.directPeers.get(peerIp);
    if (direct) return direct;
    const resolved = resolveClientAddress(
      { peerAddress: peerIp, xForwardedFor: headers['x-forwarded-for'], forwarded: headers.forwarded },
      this.trusted,
      { header: this.config.placement.trustedProxyHeader, cdn: this.cdn },
    );
    if (!resolved.viaTrustedProxy && resolved.ip !== null) {
      if (this.directPeers.size >= MAX_DIRECT_PEERS) this.directPeers.clear();
      this.directPeers.set(peerIp, Object.freeze(resolved));
    }
    return resolved;
  };
}
