import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import {
  BY_ID,
  CREATED_AT,
  OptionalField,
  PageOf,
  PageQuery,
  SortParam,
  type SortCatalogue,
} from '@landfall/common';
import type { MigrationItemState, MigrationState } from '../migration';

const REGION = /^[a-z0-9][a-z0-9-]{1,62}$/;
const STATES: MigrationState[] = [
  'running',
  'cleanup_pending',
  'completed',
  'needs_attention',
  'failed',
  'cancelled',
];
/** What a migration view says: its state, or `waiting_for_worker` for a running one no live worker runs. */
export type MigrationViewState = MigrationState | 'waiting_for_worker';
const VIEW_STATES: MigrationViewState[] = [...STATES, 'waiting_for_worker'];

export const MIGRATION_SORT: SortCatalogue = {
  keys: { createdAt: CREATED_AT },
  default: '-createdAt',
  tieBreaker: BY_ID,
};

/** GET /admin/v1/migrations: newest first unless sorted otherwise, cursor-paged. */
export class ListMigrationsQuery extends PageQuery {
  @SortParam(MIGRATION_SORT, 'by request time') sort?: string;

  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: MigrationState;

  @ApiPropertyOptional({ description: 'Migrations moving to or from this region' })
  @IsOptional()
  @Matches(REGION)
  region?: string;
}

/** POST /admin/v1/migrations: what to move (one or more selectors, combined with AND) and where. */
export class CreateMigrationDto {
  @ApiProperty({ example: 'eu-west-1' })
  @IsString()
  @Matches(REGION)
  targetRegion!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'These backups' })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  backupIds?: string[];

  @ApiPropertyOptional({ description: 'Every live backup in this region' })
  @OptionalField()
  @IsString()
  @Matches(REGION)
  sourceRegion?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Every live backup of this account' })
  @OptionalField()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({
    description: 'Every live backup whose placement index entry now puts the target region first',
  })
  @OptionalField()
  @IsBoolean()
  indexPrefersTarget?: boolean;

  @ApiPropertyOptional({
    example: 'IE',
    description: 'Every live backup placed in this country (its subdivisions included) or subdivision',
  })
  @OptionalField()
  @IsString()
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
  placedIn?: string;

  @ApiPropertyOptional({
    description: 'Only return the plan (objects, bytes, estimated time); change nothing',
  })
  @OptionalField()
  @IsBoolean()
  dryRun?: boolean;
}

export class PlannedBackupDto {
  @ApiProperty({ format: 'uuid' }) backupId!: string;
  @ApiProperty() sourceRegion!: string;
  @ApiProperty() objects!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty({
    enum: ['listed', 'reported'],
    description:
      '`listed`: counted by listing the source now; `reported`: bytes as the agent last reported them, objects extrapolated from the listed backups',
  })
  basis!: 'listed' | 'reported';
}

export class PlanBasisDto {
  @ApiProperty({ description: 'Backups whose source was listed for this plan' }) listedBackups!: number;
  @ApiProperty() totalBackups!: number;
  @ApiProperty() note!: string;
}

export class MigrationPlanDto {
  @ApiProperty({ type: Boolean, enum: [true], description: 'Always true: this is a plan, nothing started' })
  dryRun!: true;
  @ApiProperty() targetRegion!: string;
  @ApiProperty({ type: [PlannedBackupDto] }) backups!: PlannedBackupDto[];
  @ApiProperty() objects!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty() estimatedSeconds!: number;
  @ApiProperty({ type: PlanBasisDto }) estimate!: PlanBasisDto;
}

export class CountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() done!: number;
}

export class ObjectCountsDto extends CountsDto {
  @ApiProperty() verified!: number;
}

export class MigrationErrorDto {
  @ApiProperty({ format: 'uuid' }) backupId!: string;
  @ApiProperty() count!: number;
  @ApiProperty() lastError!: string;
}

export class MigrationBackupDto {
  @ApiProperty({ format: 'uuid' }) backupId!: string;
  @ApiProperty() state!: MigrationItemState;
  @ApiProperty() sourceRegion!: string;
  @ApiProperty() source!: string;
  @ApiProperty() target!: string;
  @ApiProperty({ type: ObjectCountsDto }) objects!: ObjectCountsDto;
  @ApiProperty({ type: CountsDto }) bytes!: CountsDto;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) writersQuietAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cutOverAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sourceDeleteAfter!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sourceDeletedAt!: string | null;
}

export class MigrationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: VIEW_STATES,
    description:
      '`waiting_for_worker`: the migration has work and no migration worker heartbeated recently ' +
      '(start one: `npm run worker`). The list filter `state=running` includes these.',
  })
  state!: MigrationViewState;
  @ApiProperty({ description: 'True when the state is `waiting_for_worker`' })
  waitingForWorker!: boolean;
  @ApiProperty() targetRegion!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ObjectCountsDto }) objects!: ObjectCountsDto;
  @ApiProperty({ type: CountsDto }) bytes!: CountsDto;
  @ApiProperty({ type: Number, nullable: true }) bytesPerSecond!: number | null;
  @ApiProperty({ type: Number, nullable: true }) objectsPerSecond!: number | null;
  @ApiProperty({ type: Number, nullable: true }) etaSeconds!: number | null;
  @ApiProperty({ type: [MigrationErrorDto] }) errors!: MigrationErrorDto[];
  @ApiProperty({ type: [MigrationBackupDto] }) backups!: MigrationBackupDto[];
}

export class MigrationPageDto extends PageOf(MigrationDto) {}
