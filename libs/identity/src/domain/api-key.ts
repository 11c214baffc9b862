import { randomBytes } from 'node:crypto';
import { encodeBase32, secretMatchesHash, sha256Hex } from '@landfall/common';

export type ApiKeyKind = 'admin' | 'appliance';

const KIND_TAG: Record<ApiKeyKind, string> = { admin: 'adm', appliance: 'app' };
const TAG_KIND: Record<string, ApiKeyKind> = { adm: 'admin', app: 'appliance' };
const SHAPE = /^lf_(adm|app)_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

/** A freshly minted key: `plaintext` is shown once and never stored. */
export interface MintedApiKey {
  kind: ApiKeyKind;
  prefix: string;
  plaintext: string;
  secretHash: string;
}

export interface ParsedApiKey {
  kind: ApiKeyKind;
  prefix: string;
  secret: string;
}

/**
 * `lf_<kind>_<prefix>_<secret>`: the prefix (60 random bits) is the visible, indexed handle; the secret is
 * 256 random bits, so a plain SHA-256 is enough (no password stretching needed for machine-made secrets).
 */
export function mintApiKey(kind: ApiKeyKind, random: (size: number) => Buffer = randomBytes): MintedApiKey {
  const prefix = encodeBase32(random(8)).toLowerCase().slice(0, 12);
  const secret = random(32).toString('base64url');
  return {
    kind,
    prefix,
    plaintext: `lf_${KIND_TAG[kind]}_${prefix}_${secret}`,
    secretHash: hashSecret(secret),
  };
}

export function parseApiKey(plaintext: string): ParsedApiKey | null {
  const match = SHAPE.exec(plaintext.trim());
  if (!match) return null;
  return { kind: TAG_KIND[match[1]], prefix: match[2], secret: match[3] };
}

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

/** Constant-time comparison of a presented secret against the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  return secretMatchesHash(secret, storedHash);
}
