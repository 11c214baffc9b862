/**
 * Who a request came from, resolved once per request (trusted proxies, forwarded headers, CDN ranges) by the
 * resolver the hub installs at bootstrap, and read by everything that cares: the failed-authentication limiter,
 * audit rows and placement. One value per request, so the three can never disagree.
 */
export interface RequestClientAddress {
  /** The client's normalised IP; null when a trusted proxy said it does not know it (`for=unknown`). */
  ip: string | null;
  /** The TCP peer (a proxy, when one is in front). */
  peerIp: string;
  /** True when the peer is a trusted proxy, i.e. forwarded headers were read. */
  viaTrustedProxy: boolean;
  /** True when the hop the client connected to is a configured CDN (gates CDN headers such as CF-IPCountry). */
  viaCdn: boolean;
  source: 'peer' | 'forwarded' | 'x-forwarded-for';
  unidentified?: 'unknown' | 'obfuscated' | 'missing';
}

/** The address to attribute a request to (audit, limiter): the client's, else the peer's. */
export function attributedAddress(client: RequestClientAddress): string {
  return client.ip ?? client.peerIp;
}

export type ClientAddressResolver = (request: {
  peerIp: string;
  headers: Record<string, string | string[] | undefined>;
}) => RequestClientAddress;

type Outcome = { client: RequestClientAddress } | { error: unknown };

const resolved = new WeakMap<object, Outcome>();

/**
 * Resolves and remembers the request's client address (bootstrap's `onRequest` hook). A resolution error (a
 * trusted proxy appended a malformed entry) is remembered too and thrown to whoever asks, as a coded 400.
 */
export function attachClientAddress(
  request: { ip: string; headers: Record<string, string | string[] | undefined> },
  resolve: ClientAddressResolver,
): void {
  try {
    resolved.set(request, { client: resolve({ peerIp: request.ip, headers: request.headers }) });
  } catch (error) {
    resolved.set(request, { error });
  }
}

/** The request's client address. Throws if the hub did not resolve it (a wiring fault, never a silent peer). */
export function clientAddressOf(request: object): RequestClientAddress {
  const outcome = resolved.get(request);
  if (!outcome) throw new Error('client address not resolved: attachClientAddress must run on every request');
  if ('error' in outcome) throw outcome.error;
  return outcome.client;
}
