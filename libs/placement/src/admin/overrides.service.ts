import { Injectable } from '@nestjs/common';
import { DomainError, listRequest, toPage, type Page } from '@landfall/common';
import type { Actor } from '@landfall/audit';
import { buildEffectiveIndex, subdivisionCoverage } from '../effective-index';
import type { IndexEntry } from '../placement-index';
import { PlacementStateService } from '../runtime/placement-state';
import { scopeKindOf, type ScopeKind } from '../scope-codes';
import { OVERRIDE_SORT, type ListOverridesQuery } from './override.dto';
import { OverridesRepository, type IndexOverride, type OverrideChange } from './overrides.repository';

export interface OverrideInput {
  scope: string;
  region: string;
  reason: string;
  expiresAt?: Date | null;
}

export interface OverridePreview {
  scope: string;
  scopeKind: ScopeKind;
  /** Index entries whose order the override changes: the scope's own and, for a country, its subdivisions'. */
  changedEntries: { scope: string; before: string[]; after: string[] }[];
  /**
   * For a country: the subdivision entries the override applies to, and those it does not because they
   * have an override of their own. Empty for a subdivision.
   */
  subdivisions: { covered: string[]; notCovered: { scope: string; region: string }[] };
  /** Live backups placed in the scope that sit elsewhere than the override's region (they stay: sticky). */
  affected: {
    backups: number;
    appliances: number;
    byRegion: { region: string; backups: number; appliances: number }[];
  };
}

/** Validates and applies index overrides; after a write this replica rebuilds at once, others on NOTIFY. */
@Injectable()
export class OverridesService {
  constructor(
    private readonly repository: OverridesRepository,
    private readonly state: PlacementStateService,
  ) {}

  async list(query: ListOverridesQuery): Promise<Page<IndexOverride>> {
    const request = listRequest(OVERRIDE_SORT, query);
    const { rows, total } = await this.repository.list({ region: query.region, scope: query.scope }, request);
    return toPage(rows, request, (row) => row, total);
  }

  async get(id: string): Promise<IndexOverride> {
    const found = await this.repository.findById(id);
    if (!found) throw new DomainError('not_found', 'OVERRIDE.NOT_FOUND', 'No such override');
    return found;
  }

  async create(input: OverrideInput, actor: Actor): Promise<IndexOverride> {
    const scopeKind = this.validScope(input.scope);
    await this.validate(input);
    const created = await this.repository.create(
      { ...input, scopeKind, expiresAt: input.expiresAt ?? null },
      actor,
    );
    await this.state.rebuild();
    return created;
  }

  async update(id: string, change: OverrideChange, actor: Actor): Promise<IndexOverride> {
    await this.validate(change);
    const updated = await this.repository.update(id, change, actor);
    await this.state.rebuild();
    return updated;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.repository.delete(id, actor);
    await this.state.rebuild();
  }

  async preview(input: OverrideInput): Promise<OverridePreview> {
    const scopeKind = this.validScope(input.scope);
    await this.validate(input);
    const current = this.state.current();
    const proposed = { scope: input.scope, region: input.region, reason: input.reason };
    const overrides = [...current.overrides.filter((o) => o.scope !== input.scope), proposed];
    const after = buildEffectiveIndex(current.baseEntries, overrides);
    const coverage =
      scopeKind === 'country'
        ? subdivisionCoverage(input.scope, after.keys(), current.overrides)
        : { covered: [], ownOverride: [] };
    const changedEntries: OverridePreview['changedEntries'] = [];
    for (const scope of [input.scope, ...coverage.covered]) {
      const before = current.index.get(scope);
      const next = after.get(scope)!;
      if (!before || orderOf(before).join() !== orderOf(next).join())
        changedEntries.push({ scope, before: before ? orderOf(before) : [], after: orderOf(next) });
    }
    const byRegion = (
      await this.repository.countLiveBackupsInScope(
        input.scope,
        scopeKind,
        coverage.ownOverride.map((o) => o.scope),
      )
    ).filter((r) => r.region !== input.region);
    return {
      scope: input.scope,
      scopeKind,
      changedEntries,
      subdivisions: {
        covered: coverage.covered,
        notCovered: coverage.ownOverride.map((o) => ({ scope: o.scope, region: o.region })),
      },
      affected: {
        backups: byRegion.reduce((n, r) => n + r.backups, 0),
        appliances: byRegion.reduce((n, r) => n + r.appliances, 0),
        byRegion,
      },
    };
  }

  private validScope(scope: string): ScopeKind {
    const kind = scopeKindOf(scope);
    if (!kind) {
      throw new DomainError(
        'invalid',
        'OVERRIDE.UNKNOWN_SCOPE',
        `"${scope}" is not an ISO 3166-1 country code ("DE") or ISO 3166-2 subdivision code ("US-CA")`,
      );
    }
    return kind;
  }

  /** Regions are checked in the database, not the in-memory copy: one just made on another replica counts. */
  private async validate(input: {
    region?: string;
    reason?: string;
    expiresAt?: Date | null;
  }): Promise<void> {
    if (input.region !== undefined) {
      const region = await this.repository.findRegion(input.region);
      if (!region) throw new DomainError('invalid', 'OVERRIDE.UNKNOWN_REGION', `No region "${input.region}"`);
      if (region.status === 'disabled') {
        throw new DomainError('invalid', 'OVERRIDE.REGION_DISABLED', `Region ${input.region} is disabled`);
      }
    }
    if (input.reason !== undefined && input.reason.trim().length < 3) {
      throw new DomainError(
        'invalid',
        'OVERRIDE.REASON_REQUIRED',
        'An override needs a reason operators can read later',
      );
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new DomainError('invalid', 'OVERRIDE.EXPIRY_IN_PAST', 'expiresAt must be in the future');
    }
  }
}

function orderOf(entry: IndexEntry): string[] {
  return [...entry.regions];
}
