import { createHash } from 'node:crypto';

/** The content of one audit row that a seal vouches for (everything but the seal mark itself). */
export interface SealableRow {
  id: bigint;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorKeyPrefix: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  sourceIp: string | null;
  requestId: string | null;
}

/** The first seal chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

/** A row's digest: SHA-256 over its canonical JSON (keys sorted at every level, so jsonb's reordering is moot). */
export function rowDigest(row: SealableRow): string {
  return sha256(
    canonical({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actorType: row.actorType,
      actorId: row.actorId,
      actorKeyPrefix: row.actorKeyPrefix,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      before: row.before ?? null,
      after: row.after ?? null,
      sourceIp: row.sourceIp,
      requestId: row.requestId,
    }),
  );
}

/** A seal's hash: the previous seal's hash, then each row id and digest in id order. */
export function sealHash(prevHash: string, ids: readonly bigint[], digests: readonly string[]): string {
  const hash = createHash('sha256').update(prevHash);
  ids.forEach((id, i) => hash.update(`\n${id.toString()}:${digests[i]}`));
  return hash.digest('hex');
}

export interface StoredSeal {
  id: bigint;
  rowIds: bigint[];
  rowDigests: string[];
  prevHash: string;
  hash: string;
}

/** What verify found: nothing, or the first place where the database no longer matches its seals. */
export type VerifyFinding =
  | { kind: 'edited'; sealId: string; rowId: string }
  | { kind: 'deleted'; sealId: string; rowId: string; after: string | null; before: string | null }
  | { kind: 'seal-broken'; sealId: string };

/**
 * Checks seals in order against the rows they cover (read from the database as it is now). Pure: the caller
 * supplies each seal with the rows currently marked with it.
 */
export function verifySeal(
  seal: StoredSeal,
  rows: readonly SealableRow[],
  prevHash: string,
): VerifyFinding | null {
  const sealId = seal.id.toString();
  if (seal.prevHash !== prevHash || sealHash(seal.prevHash, seal.rowIds, seal.rowDigests) !== seal.hash) {
    return { kind: 'seal-broken', sealId };
  }
  const present = new Map(rows.map((row) => [row.id, row]));
  for (const [i, id] of seal.rowIds.entries()) {
    const row = present.get(id);
    if (!row) {
      return {
        kind: 'deleted',
        sealId,
        rowId: id.toString(),
        after: i > 0 ? seal.rowIds[i - 1].toString() : null,
        before: i + 1 < seal.rowIds.length ? seal.rowIds[i + 1].toString() : null,
      };
    }
    if (rowDigest(row) !== seal.rowDigests[i]) return { kind: 'edited', sealId, rowId: id.toString() };
  }
  return null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
