const MAX_KEY_HEADER = 512;

export type PresentedKey = { ok: true; key: string } | { ok: false; reason: 'missing' | 'malformed' };

/** Reads the key from `Authorization: Bearer <key>` or `X-Api-Key`; nothing else is looked at. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): PresentedKey {
  const authorization = single(headers.authorization);
  const headerKey = single(headers['x-api-key']);
  if (authorization === undefined && headerKey === undefined) return { ok: false, reason: 'missing' };
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match || authorization.length > MAX_KEY_HEADER) return { ok: false, reason: 'malformed' };
    return { ok: true, key: match[1] };
  }
  const key = headerKey!.trim();
  if (key === '' || key.length > MAX_KEY_HEADER) return { ok: false, reason: 'malformed' };
  return { ok: true, key };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
