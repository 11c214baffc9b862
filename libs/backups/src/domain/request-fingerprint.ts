import { createHash } from 'node:crypto';
import { DomainError } from '@landfall/common';

const KEY_SHAPE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Validates an Idempotency-Key header: absent is fine, anything odd or oversized is a 400. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!KEY_SHAPE.test(value)) {
    throw new DomainError(
      'invalid',
      'IDEMPOTENCY.INVALID_KEY',
      'Idempotency-Key must be 1–128 characters of letters, digits and _ . : -',
    );
  }
  return value;
}

/** The same body, whatever its key order, hashes the same. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(body ?? {}))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
