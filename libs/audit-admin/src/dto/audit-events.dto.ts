import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { AuditActorType, AuditEventRecord } from '@landfall/audit';

const ACTOR_TYPES: AuditActorType[] = ['admin', 'appliance', 'system', 'cli'];

/** GET /admin/v1/audit-events: newest first; every filter is optional and they combine with AND. */
export class ListAuditEventsQuery {
  @ApiPropertyOptional({ enum: ACTOR_TYPES }) @IsOptional() @IsIn(ACTOR_TYPES) actorType?: AuditActorType;

  @ApiPropertyOptional({
    description: 'The actor id: a key id (admin, appliance, TKLBAM), the CLI user or the system process',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ example: 'override.create' })
  @IsOptional()
  @Matches(/^[a-z0-9_.:-]{1,100}$/i)
  action?: string;

  @ApiPropertyOptional({ example: 'backup' })
  @IsOptional()
  @Matches(/^[a-z0-9_.:-]{1,100}$/i)
  targetType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) targetId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'At or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
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

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
