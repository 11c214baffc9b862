import { DomainError } from '@landfall/common';
import type { Actor } from '@landfall/audit';
import type {
  IndexOverride,
  NewOverride,
  OverrideChange,
  OverrideFilter,
  OverridesRepository,
} from '../admin/overrides.repository';
import { buildEffectiveIndex } from '../effective-index';
import type { IndexEntry, RegionOverride } from '../placement-index';
import type { PlacementState, PlacementStateService } from '../runtime/placement-state';
import type { ScopeKind } from '../scope-codes';

type RegionStatus = 'active' | 'draining' | 'disabled';

/** Overrides, regions and live-backup counts in memory; records who wrote what, as the audit would. */
export class FakeOverridesRepository implements Pick<
  OverridesRepository,
  'list' | 'findById' | 'findRegion' | 'create' | 'update' | 'delete' | 'countLiveBackupsInScope'
> {
  readonly overrides = new Map<string, IndexOverride>();
  readonly regions = new Map<string, RegionStatus>();
  /** What `countLiveBackupsInScope` answers, and the calls it got. */
  liveBackups: { region: string; backups: number; appliances: number }[] = [];
  readonly countCalls: { scope: string; kind: ScopeKind; except: readonly string[] }[] = [];
  readonly writes: { op: 'create' | 'update' | 'delete'; id: string; actor: Actor }[] = [];

  /** Filters as the real one does; ordering and paging are the shared keyset helper's, tested on the database. */
  async list(filter: OverrideFilter): Promise<{ rows: IndexOverride[]; total: number }> {
    const rows = [...this.overrides.values()].filter(
      (o) => (!filter.region || o.region === filter.region) && (!filter.scope || o.scope === filter.scope),
    );
    return { rows, total: rows.length };
  }

  async findById(id: string): Promise<IndexOverride | null> {
    return this.overrides.get(id) ?? null;
  }

  async findRegion(code: string): Promise<{ code: string; status: RegionStatus } | null> {
    const status = this.regions.get(code);
    return status ? { code, status } : null;
  }

  async create(input: NewOverride, actor: Actor): Promise<IndexOverride> {
    const override = {
      ...input,
      id: `override-${this.overrides.size + 1}`,
      author: actor.id,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    this.overrides.set(override.id, override);
    this.writes.push({ op: 'create', id: override.id, actor });
    return override;
  }

  async update(id: string, change: OverrideChange, actor: Actor): Promise<IndexOverride> {
    const found = this.overrides.get(id);
    if (!found) throw new DomainError('not_found', 'OVERRIDE.NOT_FOUND', 'No such override');
    const updated = { ...found, ...change, author: actor.id };
    this.overrides.set(id, updated);
    this.writes.push({ op: 'update', id, actor });
    return updated;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    if (!this.overrides.delete(id))
      throw new DomainError('not_found', 'OVERRIDE.NOT_FOUND', 'No such override');
    this.writes.push({ op: 'delete', id, actor });
  }

  async countLiveBackupsInScope(
    scope: string,
    kind: ScopeKind,
    except: readonly string[] = [],
  ): Promise<{ region: string; backups: number; appliances: number }[]> {
    this.countCalls.push({ scope, kind, except });
    return this.liveBackups;
  }
}

/** A placement state built from base entries and overrides, as the real one is; counts rebuilds. */
export class FakeOverridesPlacementState implements Pick<PlacementStateService, 'current' | 'rebuild'> {
  rebuilds = 0;
  private state: PlacementState;

  constructor(baseEntries: IndexEntry[] = [], overrides: RegionOverride[] = []) {
    this.state = this.build(baseEntries, overrides);
  }

  set(baseEntries: IndexEntry[], overrides: RegionOverride[] = []): void {
    this.state = this.build(baseEntries, overrides);
  }

  current(): PlacementState {
    return this.state;
  }

  async rebuild(): Promise<void> {
    this.rebuilds += 1;
  }

  private build(baseEntries: IndexEntry[], overrides: RegionOverride[]): PlacementState {
    return {
      environment: null,
      index: buildEffectiveIndex(baseEntries, overrides),
      baseEntries,
      overrides,
      regions: [],
      appliancePins: new Map(),
      accountPins: new Map(),
      estimator: null,
      builtAt: new Date(0),
      generation: 1,
    };
  }
}
