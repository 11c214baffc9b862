import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@landfall/audit';
import type { IndexEntry } from '../placement-index';
import type { PlacementStateService } from '../runtime/placement-state';
import { FakeOverridesPlacementState, FakeOverridesRepository } from '../testing/fake-overrides';
import type { OverridesRepository } from './overrides.repository';
import { OverridesService, type OverrideInput } from './overrides.service';

/** Validation reads Date.now(); the clock is pinned here so "now" is exact. */
const NOW = Date.parse('2026-06-01T12:00:00Z');
const at = (offsetMs: number): Date => new Date(NOW + offsetMs);

const actor: Actor = { type: 'admin', id: 'admin-key-1' };

const entry = (scope: string, regions: string[]): IndexEntry => ({
  scope,
  name: scope,
  regions,
  source: 'geography',
  reason: 'nearest',
});

describe(OverridesService.name, () => {
  let sut: OverridesService;
  let repository: FakeOverridesRepository;
  let state: FakeOverridesPlacementState;
  const input = (over: Partial<OverrideInput> = {}): OverrideInput => ({
    scope: 'DE',
    region: 'eu-west-1',
    reason: 'data residency',
    ...over,
  });

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    repository = new FakeOverridesRepository();
    repository.regions
      .set('eu-west-1', 'active')
      .set('eu-central-1', 'draining')
      .set('ap-south-1', 'disabled');
    state = new FakeOverridesPlacementState();
    sut = new OverridesService(
      repository as unknown as OverridesRepository,
      state as unknown as PlacementStateService,
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('create', () => {
    it('writes the override with its scope kind, audits the actor and rebuilds at once', async () => {
      const created = await sut.create(input(), actor);
      expect(created).toMatchObject({
        scope: 'DE',
        scopeKind: 'country',
        region: 'eu-west-1',
        reason: 'data residency',
        expiresAt: null,
        author: 'admin-key-1',
      });
      expect(repository.writes).toEqual([{ op: 'create', id: created.id, actor }]);
      expect(state.rebuilds).toBe(1);
    });

    it('classifies a subdivision scope and keeps a future expiry', async () => {
      const expiresAt = at(60_000);
      await expect(sut.create(input({ scope: 'US-CA', expiresAt }), actor)).resolves.toMatchObject({
        scopeKind: 'subdivision',
        expiresAt,
      });
    });

    it('accepts a draining region, never a disabled one', async () => {
      await expect(sut.create(input({ region: 'eu-central-1' }), actor)).resolves.toMatchObject({
        region: 'eu-central-1',
      });
      await expect(sut.create(input({ region: 'ap-south-1' }), actor)).rejects.toMatchObject({
        code: 'OVERRIDE.REGION_DISABLED',
      });
    });

    it.each([
      ['a made-up country', input({ scope: 'XX' }), 'OVERRIDE.UNKNOWN_SCOPE'],
      ['a made-up subdivision', input({ scope: 'US-ZZZ' }), 'OVERRIDE.UNKNOWN_SCOPE'],
      ['a lower-case code', input({ scope: 'de' }), 'OVERRIDE.UNKNOWN_SCOPE'],
      ['an unknown region', input({ region: 'mars-1' }), 'OVERRIDE.UNKNOWN_REGION'],
      ['a blank reason', input({ reason: '   ' }), 'OVERRIDE.REASON_REQUIRED'],
      ['a two-letter reason', input({ reason: ' ok ' }), 'OVERRIDE.REASON_REQUIRED'],
      ['an expiry that is now', input({ expiresAt: at(0) }), 'OVERRIDE.EXPIRY_IN_PAST'],
      ['a past expiry', input({ expiresAt: at(-1) }), 'OVERRIDE.EXPIRY_IN_PAST'],
    ])('rejects %s, writing nothing', async (_label, bad, code) => {
      await expect(sut.create(bad, actor)).rejects.toMatchObject({ kind: 'invalid', code });
      expect(repository.overrides.size).toBe(0);
      expect(repository.writes).toEqual([]);
      expect(state.rebuilds).toBe(0);
    });
  });

  describe('update', () => {
    it('validates only the fields it changes, then writes and rebuilds', async () => {
      const { id } = await sut.create(input(), actor);
      const editor: Actor = { type: 'admin', id: 'admin-key-2' };
      await expect(sut.update(id, { reason: 'still residency' }, editor)).resolves.toMatchObject({
        region: 'eu-west-1',
        reason: 'still residency',
        author: 'admin-key-2',
      });
      expect(repository.writes.at(-1)).toEqual({ op: 'update', id, actor: editor });
      expect(state.rebuilds).toBe(2);
    });

    it.each([
      ['a disabled region', { region: 'ap-south-1' }, 'OVERRIDE.REGION_DISABLED'],
      ['an unknown region', { region: 'mars-1' }, 'OVERRIDE.UNKNOWN_REGION'],
      ['a blank reason', { reason: '' }, 'OVERRIDE.REASON_REQUIRED'],
      ['a past expiry', { expiresAt: at(-1000) }, 'OVERRIDE.EXPIRY_IN_PAST'],
    ])('rejects %s and leaves the override as it was', async (_label, change, code) => {
      const created = await sut.create(input(), actor);
      await expect(sut.update(created.id, change, actor)).rejects.toMatchObject({ code });
      expect(repository.overrides.get(created.id)).toEqual(created);
      expect(state.rebuilds).toBe(1);
    });

    it('clears an expiry with null', async () => {
      const { id } = await sut.create(input({ expiresAt: at(60_000) }), actor);
      await expect(sut.update(id, { expiresAt: null }, actor)).resolves.toMatchObject({ expiresAt: null });
    });

    it('passes a missing override through as not found, without rebuilding', async () => {
      await expect(sut.update('nope', { reason: 'whatever' }, actor)).rejects.toMatchObject({
        kind: 'not_found',
        code: 'OVERRIDE.NOT_FOUND',
      });
      expect(state.rebuilds).toBe(0);
    });
  });

  describe('get, list and delete', () => {
    it('gets an override by id, or fails with OVERRIDE.NOT_FOUND', async () => {
      const created = await sut.create(input(), actor);
      await expect(sut.get(created.id)).resolves.toEqual(created);
      await expect(sut.get('nope')).rejects.toMatchObject({ kind: 'not_found', code: 'OVERRIDE.NOT_FOUND' });
    });

    it('lists through the repository filter', async () => {
      await sut.create(input(), actor);
      await sut.create(input({ scope: 'FR', region: 'eu-central-1' }), actor);
      expect((await sut.list({ region: 'eu-central-1' })).items.map((o) => o.scope)).toEqual(['FR']);
      expect(await sut.list({ total: true })).toMatchObject({ nextCursor: null, total: 2 });
    });

    it('deletes, audits the actor and rebuilds; an unknown id rebuilds nothing', async () => {
      const { id } = await sut.create(input(), actor);
      await sut.delete(id, actor);
      expect(repository.overrides.has(id)).toBe(false);
      expect(repository.writes.at(-1)).toEqual({ op: 'delete', id, actor });
      expect(state.rebuilds).toBe(2);
      await expect(sut.delete(id, actor)).rejects.toMatchObject({ code: 'OVERRIDE.NOT_FOUND' });
      expect(state.rebuilds).toBe(2);
    });
  });

  describe('preview', () => {
    beforeEach(() => {
      state.set(
        [
          entry('DE', ['eu-central-1', 'eu-west-1']),
          entry('DE-BY', ['eu-central-1', 'eu-west-1']),
          entry('DE-BE', ['eu-central-1', 'eu-west-1']),
          entry('FR', ['eu-west-1', 'eu-central-1']),
        ],
        [{ scope: 'DE-BE', region: 'eu-central-1', reason: 'berlin stays' }],
      );
    });

    it('shows the entries a country override reorders, the subdivisions it covers and those it does not', async () => {
      repository.liveBackups = [
        { region: 'eu-central-1', backups: 5, appliances: 2 },
        { region: 'eu-west-1', backups: 3, appliances: 1 },
        { region: 'us-east-1', backups: 1, appliances: 1 },
      ];
      const preview = await sut.preview(input());
      expect(preview).toEqual({
        scope: 'DE',
        scopeKind: 'country',
        changedEntries: [
          { scope: 'DE', before: ['eu-central-1', 'eu-west-1'], after: ['eu-west-1', 'eu-central-1'] },
          { scope: 'DE-BY', before: ['eu-central-1', 'eu-west-1'], after: ['eu-west-1', 'eu-central-1'] },
        ],
        subdivisions: {
          covered: ['DE-BY'],
          notCovered: [{ scope: 'DE-BE', region: 'eu-central-1' }],
        },
        affected: {
          backups: 6,
          appliances: 3,
          byRegion: [
            { region: 'eu-central-1', backups: 5, appliances: 2 },
            { region: 'us-east-1', backups: 1, appliances: 1 },
          ],
        },
      });
      expect(repository.countCalls).toEqual([{ scope: 'DE', kind: 'country', except: ['DE-BE'] }]);
    });

    it('lists no change when the region is already first', async () => {
      const preview = await sut.preview(input({ scope: 'FR' }));
      expect(preview.changedEntries).toEqual([]);
      expect(preview.affected).toEqual({ backups: 0, appliances: 0, byRegion: [] });
    });

    it('shows a new entry for a scope the index lacks, and no subdivisions for a subdivision', async () => {
      const preview = await sut.preview(input({ scope: 'US-CA' }));
      expect(preview.scopeKind).toBe('subdivision');
      expect(preview.changedEntries).toEqual([{ scope: 'US-CA', before: [], after: ['eu-west-1'] }]);
      expect(preview.subdivisions).toEqual({ covered: [], notCovered: [] });
      expect(repository.countCalls).toEqual([{ scope: 'US-CA', kind: 'subdivision', except: [] }]);
    });

    it('replaces the scope’s own override instead of stacking on it, and writes nothing', async () => {
      const preview = await sut.preview(input({ scope: 'DE-BE', region: 'eu-west-1' }));
      expect(preview.changedEntries).toEqual([
        { scope: 'DE-BE', before: ['eu-central-1', 'eu-west-1'], after: ['eu-west-1', 'eu-central-1'] },
      ]);
      expect(repository.writes).toEqual([]);
      expect(state.rebuilds).toBe(0);
    });

    it.each([
      [input({ scope: 'XX' }), 'OVERRIDE.UNKNOWN_SCOPE'],
      [input({ region: 'ap-south-1' }), 'OVERRIDE.REGION_DISABLED'],
      [input({ reason: '' }), 'OVERRIDE.REASON_REQUIRED'],
    ])('validates like create (%o)', async (bad, code) => {
      await expect(sut.preview(bad)).rejects.toMatchObject({ code });
      expect(repository.countCalls).toEqual([]);
    });
  });
});
