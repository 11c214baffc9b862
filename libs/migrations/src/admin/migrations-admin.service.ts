import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, listRequest, toPage, type Clock } from '@landfall/common';
import type { Actor } from '@landfall/audit';
import { WorkerLivenessService } from '../liveness/worker-liveness.service';
import { MigrationPlanRepository } from '../repositories/migration-plan.repository';
import {
  MIGRATION_SORT,
  type CreateMigrationDto,
  type ListMigrationsQuery,
  type MigrationDto,
  type MigrationPageDto,
  type MigrationPlanDto,
} from './migration.dto';
import { MigrationPlanner } from './migration-planner.service';
import { toMigrationDto } from './migration-view';

@Injectable()
export class MigrationsAdminService {
  constructor(
    private readonly planner: MigrationPlanner,
    private readonly repository: MigrationPlanRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly workers: WorkerLivenessService,
  ) {}

  async create(request: CreateMigrationDto, actor: Actor): Promise<MigrationDto | MigrationPlanDto> {
    if (request.dryRun) return this.planner.plan(request);
    return this.get(await this.planner.start(request, actor));
  }

  async get(id: string): Promise<MigrationDto> {
    const record = await this.repository.find(id);
    if (!record) throw new DomainError('not_found', 'MIGRATION.NOT_FOUND', 'No such migration');
    return toMigrationDto(record, new Date(this.clock.now()), await this.workers.anyLive());
  }

  async list(query: ListMigrationsQuery): Promise<MigrationPageDto> {
    const request = listRequest(MIGRATION_SORT, query);
    const { rows, total } = await this.repository.list({ state: query.state, region: query.region }, request);
    const now = new Date(this.clock.now());
    const workerLive = await this.workers.anyLive();
    return toPage(rows, request, (record) => toMigrationDto(record, now, workerLive), total);
  }

  async cancel(id: string, actor: Actor): Promise<MigrationDto> {
    const before = await this.get(id);
    const cancelled = await this.repository.cancel(id, actor);
    if (cancelled === 0 && before.state !== 'cancelled') {
      throw new DomainError(
        'conflict',
        'MIGRATION.NOT_CANCELLABLE',
        'Every backup of this migration is already cut over or finished',
      );
    }
    return this.get(id);
  }
}
