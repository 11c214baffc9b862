/** The base path TKLBAM agents call (`TKLBAM_APIURL`, default https://hub.turnkeylinux.org/api/backup/). */
export const TKLBAM_BASE_PATH = '/api/backup/';

export function isTklbamPath(url: string): boolean {
  return url === TKLBAM_BASE_PATH.slice(0, -1) || url.startsWith(TKLBAM_BASE_PATH);
}

/**
 * Any non-2xx answer on TKLBAM routes must be plain text `Name:Description`: the agent splits it on the first colon
 * and acts on the name (pycurl_wrapper `API.request`). Errors leave the hub as Landfall's JSON envelope
 * `{ error: { code, message } }`; this turns one into the other. TKLBAM errors carry the agent's name as their code;
 * other Landfall codes (`ROUTE.NOT_FOUND`, `REQUEST.BODY_TOO_LARGE`, `CREDENTIALS.UNAVAILABLE`, …) are kept as names.
 */
export function wireErrorText(payload: unknown): string {
  let code = 'INTERNAL';
  let message = 'Internal error';
  if (typeof payload === 'string') {
    try {
      const parsed = JSON.parse(payload) as {
        error?: { code?: unknown; message?: unknown; errorId?: unknown };
      };
      if (typeof parsed.error?.code === 'string') code = parsed.error.code;
      if (typeof parsed.error?.message === 'string') message = parsed.error.message;
      if (typeof parsed.error?.errorId === 'string') message += ` (error id ${parsed.error.errorId})`;
    } catch {
      // not an envelope: keep the generic text
    }
  }
  // The name must not contain the separator; the description must stay one line.
  return `${code.replace(/[:\s]/g, '_')}:${message.replace(/\s+/g, ' ').trim()}`;
}

/** `%Y-%m-%d %H:%M:%S` in UTC, the only date format `BackupRecord._parse_datetime` (hub.py) parses. */
export function formatRecordDate(date: Date | null): string | null {
  if (!date) return null;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO 8601 in UTC without fractions, as AWS STS writes it: `2026-11-22T13:00:00Z`. */
export function formatExpiration(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The host a record's address names for a region. TKLBAM runs `duplicity cleanup` over HTTPS and backup and restore
 * with `--s3-unencrypted-connection` (HTTP) against the same address: a port in it would be used by both, so one of
 * them always fails. Hence the operator's `TKLBAM_S3_HOSTS` host for the region (served on 443 and 80), else the
 * endpoint's host, which carries a port only when the endpoint is not on its scheme's default port (`portless`
 * false: such an address cannot work for every command, docs/tklbam.md).
 */
export function tklbamS3Host(
  region: string,
  endpoint: string,
  configured: Readonly<Record<string, string>>,
): { host: string; portless: boolean } {
  const host = Object.hasOwn(configured, region) ? configured[region] : new URL(endpoint).host;
  return { host, portless: !/:\d+$/.test(host) };
}

/** `s3://<host>/<bucket>/<prefix>`: Duplicity's S3 URL with an explicit host (its boto backend, path style). */
export function s3Address(host: string, bucket: string, prefix: string): string {
  return `s3://${host}/${bucket}/${prefix}`;
}

/** The bucket and prefix of an `s3://host/bucket/prefix` address, or null. */
export function parseS3Address(address: string): { bucket: string; prefix: string } | null {
  const match = /^s3:\/\/[^/]+\/([^/]+)\/(.+?)\/*$/.exec(address.trim());
  return match ? { bucket: match[1], prefix: match[2] } : null;
}

/** The agent sends Python's `str(bool)`: `True` / `False`. */
export function parsePythonBool(value: string): boolean | null {
  switch (value.trim().toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return null;
  }
}
