import { PlacementDecisionDto, ProbeTargetDto } from '@landfall/placement';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalField } from '@landfall/common';
import { IsString, Length, Matches } from 'class-validator';
import type { ScopedCredentials } from '@landfall/credentials';
import type { Backup } from '../domain/backup';

export class InitRequestDto {
  @ApiPropertyOptional({
    example: 'eu-west-1',
    description: 'A region the agent believes it runs in; honoured by placement only if active',
  })
  @OptionalField()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  regionHint?: string;

  @ApiPropertyOptional({ example: '1.4.2' })
  @OptionalField()
  @IsString()
  @Length(1, 64)
  agentVersion?: string;
}

export class BackupLocationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'eu-west-1' }) region!: string;
  @ApiProperty({ example: 'landfall-eu-west-1' }) bucket!: string;
  @ApiProperty({ description: '<accountId>/<backupId>' }) prefix!: string;
  @ApiProperty({ example: 's3://landfall-eu-west-1/<accountId>/<backupId>' }) address!: string;
  @ApiProperty({ example: 'https://s3.eu-west-1.amazonaws.com' }) endpoint!: string;

  static from(backup: Backup): BackupLocationDto {
    return {
      id: backup.id,
      region: backup.region,
      bucket: backup.bucket,
      prefix: backup.prefix,
      address: `s3://${backup.bucket}/${backup.prefix}`,
      endpoint: backup.endpoint,
    };
  }
}

export class CredentialsDto {
  @ApiProperty() accessKeyId!: string;
  @ApiProperty() secretAccessKey!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null only in local embedded (static) mode' })
  sessionToken!: string | null;
  @ApiProperty({ format: 'date-time' }) expiration!: string;

  static from(credentials: ScopedCredentials): CredentialsDto {
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.toISOString(),
    };
  }
}

export class InitResponseDto {
  @ApiProperty({ type: BackupLocationDto }) backup!: BackupLocationDto;
  @ApiProperty({ type: CredentialsDto }) credentials!: CredentialsDto;
  @ApiProperty({ type: PlacementDecisionDto }) placement!: PlacementDecisionDto;
  @ApiProperty({
    type: [ProbeTargetDto],
    description:
      'Candidate regions to time (the backup’s region first) and report with POST /v1/latency-reports; see docs/agents-latency.md',
  })
  probes!: ProbeTargetDto[];
}

export class CredentialsResponseDto {
  @ApiProperty({ type: BackupLocationDto }) backup!: BackupLocationDto;
  @ApiProperty({ type: CredentialsDto }) credentials!: CredentialsDto;
}
