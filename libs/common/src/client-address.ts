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

interface Resolution {
  peerIp: string;
  headers: Record<string, string | string[] | undefined>;
  resolve: ClientAddressResolver;
  outcome?: Outcome;
}

const resolutions = new WeakMap<object, Resolution>();

/**
 * Binds the request to the hub's resolver (bootstrap's `onRequest` hook). The address is worked out on first use and
 * remembered: the one value every reader gets, and nothing spent on requests that never ask (`/healthz`). A
 * resolution error (a trusted proxy appended a malformed entry) is remembered too and thrown to whoever asks, as a
 * coded 400.
 */
export function attachClientAddress(
  request: { ip: string; headers: Record<string, string | string[] | undefined> },
  resolve: ClientAddressResolver,
): void {
  // The peer is read now: a socket that closes before the address is needed no longer knows it.
  resolutions.set(request, { peerIp: request.ip, headers: request.headers, resolve });
}

/** The request's client address. Throws if the hub did not bind a resolver (a wiring fault, never a silent peer). */
export function clientAddressOf(request: object): RequestClientAddress {
  const resolution = resolutions.get(request);
  if (!resolution)
    throw new Error('client address not resolved: attachClientAddress must run on every request');
  const outcome = (resolution.outcome ??= outcomeOf(resolution));
  if ('error' in outcome) throw outcome.error;
  return outcome.client;
}

function outcomeOf({ peerIp, headers, resolve }: Resolution): Outcome {
  try {
    return { client: resolve({ peerIp, headers }) };
  } catch (error) {
    return { error };
  }
}
