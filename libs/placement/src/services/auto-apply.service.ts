import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '@landfall/common';
import type { Actor } from '@landfall/audit';
import type { IndexOverride } from '../repositories/overrides.repository';
import { autoApplicable, describePolicy, type AutoApplyPolicy } from '../domain/auto-apply';
import { AutoApplyRepository, type StoredPolicy } from '../repositories/auto-apply.repository';
import { SuggestionsService } from './suggestions.service';

/** Overrides the policy makes are the system's, audited like anyone's. */
const POLICY_ACTOR: Actor = { type: 'system', id: 'placement-auto-apply' };
const INTERVAL_MS = 60_000;

/**
 * Turns suggestions above the operator's thresholds into audited overrides, every minute on every replica and
 * at once when the policy changes. Off by default. Replicas racing for one scope are fine: the second gets
 * OVERRIDE.DUPLICATE_SCOPE and skips it.
 */
@Injectable()
export class AutoApplyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AutoApplyService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<IndexOverride[]> | null = null;

  constructor(
    private readonly repository: AutoApplyRepository,
    private readonly suggestions: SuggestionsService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.applyQuietly(), INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  policy(): Promise<StoredPolicy> {
    return this.repository.get();
  }

  async setPolicy(
    policy: AutoApplyPolicy,
    actor: Actor,
  ): Promise<{ policy: StoredPolicy; applied: IndexOverride[] }> {
    const stored = await this.repository.set(policy, actor);
    return { policy: stored, applied: await this.apply() };
  }

  /** One pass at a time per replica. */
  apply(): Promise<IndexOverride[]> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<IndexOverride[]> {
    const policy = await this.repository.get();
    if (!policy.enabled) return [];
    const applied: IndexOverride[] = [];
    for (const suggestion of autoApplicable(await this.suggestions.open(), policy)) {
      try {
        applied.push(await this.suggestions.apply(suggestion, POLICY_ACTOR, describePolicy(policy)));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'OVERRIDE.DUPLICATE_SCOPE') continue;
        throw error;
      }
    }
    if (applied.length > 0)
      this.logger.log(
        `auto-applied ${applied.length} suggestion(s): ${applied.map((o) => o.scope).join(', ')}`,
      );
    return applied;
  }

  private async applyQuietly(): Promise<void> {
    try {
      await this.apply();
    } catch (error) {
      this.logger.warn(`auto-apply pass failed: ${(error as Error).message}`);
    }
  }
}
