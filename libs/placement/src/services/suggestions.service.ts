import { Injectable } from '@nestjs/common';
import { DomainError, listRequest, pageInMemory, toPage } from '@landfall/common';
import { type Actor } from '@landfall/audit';
import { buildLocations, type PlacementLocation } from '../domain/index-generator/locations';
import { OverridesRepository, type IndexOverride } from '../repositories/overrides.repository';
import { OverridesService } from './overrides.service';
import { scopeKindOf } from '../domain/scope-codes';
import { PlacementStateService } from './placement-state';
import { SuggestionDismissalsRepository } from '../repositories/suggestion-dismissals.repository';
import { computeSuggestions, type IndexSuggestion } from '../domain/suggestions';
import {
  SUGGESTION_SORT,
  SuggestionDto,
  type ListSuggestionsQuery,
  type SuggestionPageDto,
} from '../dto/suggestion.dto';

export interface SuggestionView extends IndexSuggestion {
  /** Live backups placed in the scope and stored elsewhere than the suggestion (they stay: sticky). */
  affected: { backups: number; appliances: number };
}

/** Index suggestions from measurements, reviewed by people: accept (an audited override) or dismiss. */
@Injectable()
export class SuggestionsService {
  private locations?: readonly PlacementLocation[];
  private cached?: { generation: number; suggestions: IndexSuggestion[] };

  constructor(
    private readonly state: PlacementStateService,
    private readonly overrides: OverridesService,
    private readonly overridesRepository: OverridesRepository,
    private readonly dismissals: SuggestionDismissalsRepository,
  ) {}

  /** One page of the open suggestions; only the page's rows are counted against live backups. */
  async page(query: ListSuggestionsQuery): Promise<SuggestionPageDto> {
    const request = listRequest(SUGGESTION_SORT, query);
    const needle = request.q?.toLowerCase();
    const matching = (await this.open()).filter(
      (s) => !needle || s.scope.toLowerCase().includes(needle) || s.name.toLowerCase().includes(needle),
    );
    const { rows, total } = pageInMemory(matching, request);
    const views = await Promise.all(rows.map(async (s) => ({ ...s, affected: await this.affected(s) })));
    return toPage(views, request, SuggestionDto.from, total);
  }

  /** Every suggestion no one dismissed. */
  async open(): Promise<IndexSuggestion[]> {
    const dismissed = await this.dismissals.list();
    const hidden = new Set(dismissed.map((d) => `${d.scope}|${d.regionCode}`));
    return this.current().filter((s) => !hidden.has(`${s.scope}|${s.suggested}`));
  }

  /** Accepting makes an override whose reason cites the measurement (audited, on every replica within 1 s). */
  async accept(scope: string, actor: Actor): Promise<IndexOverride> {
    return this.apply(this.find(scope), actor, 'accepted suggestion');
  }

  /** The override a suggestion becomes; `how` says who decided (an operator, or the auto-apply policy). */
  apply(suggestion: IndexSuggestion, actor: Actor, how: string): Promise<IndexOverride> {
    return this.overrides.create(
      {
        scope: suggestion.scope,
        region: suggestion.suggested,
        reason: `measured: ${suggestion.evidence}; saves ≈ ${suggestion.savedMs} ms (${how})`,
      },
      actor,
    );
  }

  async dismiss(scope: string, actor: Actor): Promise<void> {
    const suggestion = this.find(scope);
    await this.dismissals.dismiss(scope, suggestion.suggested, `${actor.type}:${actor.id}`);
  }

  private find(scope: string): IndexSuggestion {
    const suggestion = this.current().find((s) => s.scope === scope);
    if (!suggestion)
      throw new DomainError('not_found', 'SUGGESTION.NOT_FOUND', `No open index suggestion for ${scope}`);
    return suggestion;
  }

  /** Computed once per placement-state generation (index, overrides or estimator changed). */
  private current(): IndexSuggestion[] {
    const state = this.state.current();
    if (this.cached?.generation === state.generation) return this.cached.suggestions;
    const environment = state.environment;
    const suggestions =
      environment && state.estimator
        ? computeSuggestions(state.index, (this.locations ??= buildLocations()), state.estimator, (r) =>
            environment.isActive(r),
          )
        : [];
    this.cached = { generation: state.generation, suggestions };
    return suggestions;
  }

  private async affected(s: IndexSuggestion): Promise<{ backups: number; appliances: number }> {
    const kind = scopeKindOf(s.scope);
    if (!kind) return { backups: 0, appliances: 0 };
    const rows = await this.overridesRepository.countLiveBackupsInScope(s.scope, kind);
    const elsewhere = rows.filter((r) => r.region !== s.suggested);
    return {
      backups: elsewhere.reduce((sum, r) => sum + r.backups, 0),
      appliances: elsewhere.reduce((sum, r) => sum + r.appliances, 0),
    };
  }
}
