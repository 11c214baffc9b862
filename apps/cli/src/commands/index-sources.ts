import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import {
  compareCodes,
  parseTurnkeyIndex,
  PlacementError,
  PlacementStateService,
  type DefaultIndexFile,
  type IndexEntry,
} from '@landfall/placement';
import type { CliIo } from '../cli/command';
import { withCliContext } from '../context/cli-context';

/** The shipped index (data/placement/default-index.json): every AWS region, curated overrides, no latency. */
export function loadDefaultIndex(): IndexEntry[] {
  const file = path.join(projectRoot(), 'data', 'placement', 'default-index.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as DefaultIndexFile).entries;
}

/** What the hub serves now: generated for the database's regions, with the database's overrides on top. */
export async function loadLiveIndex(io: CliIo): Promise<IndexEntry[]> {
  return withCliContext(io, { placement: true }, async (app) =>
    sortedEntries(app.get(PlacementStateService)),
  );
}

export function sortedEntries(state: PlacementStateService): IndexEntry[] {
  return [...state.current().index.values()].sort((a, b) => compareCodes(a.scope, b.scope));
}

/** An index file: TurnKey lines, or JSON shaped like default-index.json (or a bare array of its entries). */
export async function loadIndexFile(file: string): Promise<IndexEntry[]> {
  const text = await readFile(file, 'utf8');
  if (!/^\s*[[{]/.test(text)) return parseTurnkeyIndex(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PlacementError(
      'PLACEMENT.INVALID_TURNKEY_INDEX',
      `${file}: not valid JSON (${(error as Error).message})`,
    );
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown }).entries;
  if (!Array.isArray(entries) || !entries.every(isIndexEntry)) {
    throw new PlacementError(
      'PLACEMENT.INVALID_TURNKEY_INDEX',
      `${file}: expected {"entries": [{scope, name, regions, source, reason}, …]} like default-index.json`,
    );
  }
  return entries;
}

/** `default`, `live` or a file path. */
export async function loadIndexSource(source: string, io: CliIo): Promise<IndexEntry[]> {
  if (source === 'default') return loadDefaultIndex();
  if (source === 'live') return loadLiveIndex(io);
  return loadIndexFile(source);
}

function isIndexEntry(value: unknown): value is IndexEntry {
  const e = value as Partial<IndexEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.scope === 'string' &&
    typeof e.name === 'string' &&
    Array.isArray(e.regions) &&
    e.regions.every((r) => typeof r === 'string') &&
    typeof e.reason === 'string'
  );
}
