import type { Actor } from '@landfall/audit';
import type { BackupSelection } from '../domain/migration';
import type {
  BackupCandidate,
  MigrationPlanRepository,
  MigrationRecord,
  NewMigration,
} from '../repositories/migration-plan.repository';
import type { JobQueue } from '../services/job-queue';
import { migrationItem } from './in-memory-migration';

export function backupCandidate(overrides: Partial<BackupCandidate> = {}): BackupCandidate {
  const id = overrides.id ?? 'backup-1';
  return {
    id,
    accountId: 'account-1',
    status: 'active',
    region: 'eu-west-1',
    endpoint: 'http://s3.local',
    bucket: 'lf-eu-west-1',
    prefix: `b/${id}`,
    placedCountry: 'IE',
    placedSubdivision: null,
    sizeBytes: 0,
    ...overrides,
  };
}

/** Backups and created migrations in memory; the selection filters as the real query's where clause does. */
export class FakeMigrationPlanRepository implements Pick<
  MigrationPlanRepository,
  'findCandidates' | 'create' | 'find'
> {
  readonly backups: BackupCandidate[] = [];
  readonly created: { id: string; input: NewMigration; actor: Actor }[] = [];
  readonly selections: BackupSelection[] = [];

  async findCandidates(selection: BackupSelection): Promise<BackupCandidate[]> {
    this.selections.push(selection);
    return this.backups.filter(
      (b) =>
        (!selection.backupIds || selection.backupIds.includes(b.id)) &&
        (!selection.sourceRegion || b.region === selection.sourceRegion) &&
        (!selection.accountId || b.accountId === selection.accountId) &&
        (!selection.placedIn ||
          b.placedSubdivision === selection.placedIn ||
          b.placedCountry === selection.placedIn) &&
        (selection.backupIds !== undefined || b.status !== 'retired'),
    );
  }

  async create(input: NewMigration, actor: Actor): Promise<string> {
    const id = `mig-${this.created.length + 1}`;
    this.created.push({ id, input, actor });
    return id;
  }

  async find(id: string): Promise<MigrationRecord | null> {
    const found = this.created.find((c) => c.id === id);
    if (!found) return null;
    return {
      id,
      targetRegion: found.input.targetRegion,
      selection: found.input.selection,
      requestedBy: found.actor.id,
      createdAt: found.input.frozenAt,
      items: found.input.backups.map((b) => ({
        ...migrationItem({ id: `item-${b.id}`, migrationId: id, backupId: b.id }),
        counts: { objectsTotal: 0, objectsCopied: 0, objectsVerified: 0, bytesTotal: 0, bytesCopied: 0 },
      })),
    };
  }
}

/** Records what was enqueued; `failFor` makes enqueue reject for those items. */
export class FakeJobQueue implements Pick<JobQueue, 'enqueue'> {
  readonly enqueued: string[] = [];
  readonly failFor = new Set<string>();

  async enqueue(itemId: string): Promise<void> {
    if (this.failFor.has(itemId)) throw new Error(`queue down for ${itemId}`);
    this.enqueued.push(itemId);
  }
}
