import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { AuditActorType, AuditEventRecord } from '@landfall/audit';
import { IsInstant, PageOf, PageQuery, SortParam, type SortCatalogue } from '@landfall/common';

const ACTOR_TYPES: AuditActorType[] = ['admin', 'appliance', 'system', 'cli'];

/** Events are ordered by id, a sequence that follows the time they were recorded. */
const RECORDED = { field: 'id', kind: 'bigint' } as const;
export const AUDIT_SORT: SortCatalogue = { keys: { at: RECORDED }, default: '-at', tieBreaker: RECORDED };

/**
 * GET /admin/v1/audit-events: newest first; every filter is optional and they combine with AND. The actor filter is
 * `actorId` like every other `…Id` filter; the old `actor` is refused (400 REQUEST.INVALID), not silently ignored.
 */
export class ListAuditEventsQuery extends PageQuery {
  @SortParam(AUDIT_SORT, 'by the time recorded') sort?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES }) @IsOptional() @IsIn(ACTOR_TYPES) actorType?: AuditActorType;

  @ApiPropertyOptional({
    description: 'The actor id: a key id (admin, appliance, TKLBAM), the CLI user or the system process',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actorId?: string;

  @ApiPropertyOptional({ example: 'override.create' })
  @IsOptional()
  @Matches(/^[a-z0-9_.:-]{1,100}$/i)
  action?: string;

  @ApiPropertyOptional({ example: 'backup' })
  @IsOptional()
  @Matches(/^[a-z0-9_.:-]{1,100}$/i)
  targetType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) targetId?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'At or after; between 1970 and 9999',
  })
  @IsOptional()
  @IsInstant()
  since?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Before; between 1970 and 9999' })
  @IsOptional()
  @IsInstant()
  until?: Date;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Increasing with time' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ACTOR_TYPES }) actorType!: AuditActorType;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The key id for admin and appliance (TKLBAM too) callers; the OS user for cli; a process for system',
  })
  actorId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The key's visible prefix (lf_adm_…), beside its id",
  })
  actorKeyPrefix!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiProperty({ type: Object, nullable: true }) before!: unknown;
  @ApiProperty({ type: Object, nullable: true }) after!: unknown;
  @ApiProperty({ type: String, nullable: true }) sourceIp!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;

  static from(event: AuditEventRecord): AuditEventDto {
    return Object.assign(new AuditEventDto(), { ...event, at: event.at.toISOString() });
  }
}

export class AuditEventPageDto extends PageOf(AuditEventDto) {}
