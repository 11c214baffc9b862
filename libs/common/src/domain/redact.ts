/**
 * The one place that decides what of a request may reach a log line. Query parameters whose name says
 * "credential" lose their value, and anything shaped like a Landfall key loses its secret wherever it appears
 * (path, query, fragment), so a key pasted into a URL by mistake is not written down either.
 */
const SECRET_PARAMETER =
  /^(api[-_]?key|key|secret|secret[-_]?access[-_]?key|token|access[-_]?token|session[-_]?token|subkey|password|passwd|pass|auth|authorization|credentials?|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;
const LANDFALL_KEY = /\b(lf_(?:adm|app)_[a-z0-9]+_)[A-Za-z0-9_-]+/gi;

export const REDACTED = '[redacted]';

/** `url` as it may be logged: credential parameters and key secrets replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const withoutKeys = url.replace(LANDFALL_KEY, `$1${REDACTED}`);
  const queryAt = withoutKeys.indexOf('?');
  if (queryAt < 0) return withoutKeys;
  const hashAt = withoutKeys.indexOf('#', queryAt);
  const query = withoutKeys.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt);
  const tail = hashAt < 0 ? '' : withoutKeys.slice(hashAt);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_PARAMETER.test(safeDecode(rawName).trim()) && eq >= 0 ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${withoutKeys.slice(0, queryAt)}?${redacted}${tail}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The request log's `req` serializer (replaces Fastify's): method, redacted URL, host, peer. Never headers. */
export function requestLogView(request: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url === undefined ? undefined : redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
