import { ProbeTargetDto } from '@landfall/placement';
import {
  BY_ID,
  CREATED_AT,
  IsInstant,
  OptionalField,
  PageOf,
  PageQuery,
  SearchParam,
  SortParam,
  type SortCatalogue,
} from '@landfall/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import type { Backup, BackupStatus } from '../backup';

export class BackupDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applianceId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() region!: string;
  @ApiProperty() bucket!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty() address!: string;
  @ApiProperty() endpoint!: string;
  @ApiProperty({ enum: ['active', 'migrating', 'retired'] }) status!: BackupStatus;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() inProgress!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastBackupAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(b: Backup): BackupDto {
    return {
      id: b.id,
      applianceId: b.applianceId,
      accountId: b.accountId,
      region: b.region,
      bucket: b.bucket,
      prefix: b.prefix,
      address: `s3://${b.bucket}/${b.prefix}`,
      endpoint: b.endpoint,
      status: b.status,
      sizeBytes: b.sizeBytes,
      inProgress: b.inProgress,
      lastBackupAt: b.lastBackupAt?.toISOString() ?? null,
      createdAt: b.createdAt.toISOString(),
      updatedAt: b.updatedAt.toISOString(),
    };
  }
}

const PROBES_DESCRIPTION =
  'Candidate regions to time (the backup’s region first) and report with POST /v1/latency-reports; see docs/agents-latency.md';

export class BackupListDto {
  @ApiProperty({ type: [BackupDto] }) items!: BackupDto[];
  @ApiProperty({ type: [ProbeTargetDto], description: PROBES_DESCRIPTION }) probes!: ProbeTargetDto[];
}

/** One backup as its appliance reads it: with what to time. */
export class AgentBackupDto extends BackupDto {
  @ApiProperty({ type: [ProbeTargetDto], description: PROBES_DESCRIPTION }) probes!: ProbeTargetDto[];
}

export class UpdateBackupDto {
  @ApiPropertyOptional({ minimum: 0 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sizeBytes?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Between 1970 and 9999' })
  @OptionalField()
  @IsInstant()
  lastBackupAt?: Date;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  inProgress?: boolean;
}

export const BACKUP_SORT: SortCatalogue = {
  keys: { createdAt: CREATED_AT, sizeBytes: { field: 'sizeBytes', kind: 'bigint' } },
  default: '-createdAt',
  tieBreaker: BY_ID,
};

export class ListBackupsQuery extends PageQuery {
  @SortParam(BACKUP_SORT, 'by creation time or size') sort?: string;
  @SearchParam("the appliance's name") q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applianceId?: string;

  @ApiPropertyOptional({ example: 'eu-west-1' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  region?: string;

  @ApiPropertyOptional({ enum: ['active', 'migrating', 'retired'] })
  @IsOptional()
  @IsIn(['active', 'migrating', 'retired'])
  status?: BackupStatus;
}

export class BackupPageDto extends PageOf(BackupDto) {}
