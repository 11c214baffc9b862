import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import { PageQuery } from '@landfall/common';
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

/** GET /admin/v1/migrations: newest first, cursor-paged. */
export class ListMigrationsQuery extends PageQuery {
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
  @Matches(REGION)
  targetRegion!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'These backups' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  backupIds?: string[];

  @ApiPropertyOptional({ description: 'Every live backup in this region' })
  @IsOptional()
  @Matches(REGION)
  sourceRegion?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Every live backup of this account' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({
    description: 'Every live backup whose placement index entry now puts the target region first',
  })
  @IsOptional()
  @IsBoolean()
  indexPrefersTarget?: boolean;

  @ApiPropertyOptional({
    description: 'Only return the plan (objects, bytes, estimated time); change nothing',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class PlannedBackupDto {
  @ApiProperty({ format: 'uuid' }) backupId!: string;
  @ApiProperty() sourceRegion!: string;
  @ApiProperty() objects!: number;
  @ApiProperty() bytes!: number;
}

export class MigrationPlanDto {
  @ApiProperty() dryRun!: true;
  @ApiProperty() targetRegion!: string;
  @ApiProperty({ type: [PlannedBackupDto] }) backups!: PlannedBackupDto[];
  @ApiProperty() objects!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty() estimatedSeconds!: number;
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
  @ApiProperty({ enum: STATES })
  state!: MigrationState;
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

export class MigrationPageDto {
  @ApiProperty({ type: [MigrationDto] }) items!: MigrationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
