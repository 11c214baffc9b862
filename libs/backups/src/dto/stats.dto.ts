import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'How many accounts to list in `accounts` (the largest by bytes first)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  accounts?: number;
}

export class LiveTotalsDto {
  @ApiProperty({ description: 'Live (active or migrating) backups' }) backups!: number;
  @ApiProperty({ description: 'Sum of the live backups’ size_bytes' }) bytes!: number;
  @ApiProperty({ description: 'Distinct appliances with a live backup' }) appliances!: number;
}

export class BucketReadinessDto {
  @ApiProperty({ description: 'Buckets whose CreateBucket succeeded' }) ready!: number;
  @ApiProperty({ description: 'Buckets still being provisioned' }) pending!: number;
  @ApiProperty({ description: 'Ready buckets whose last write probe succeeded' }) writable!: number;
  @ApiProperty({ description: 'Ready buckets whose last write probe failed' }) notWritable!: number;
  @ApiProperty({ description: 'Ready buckets never probed' }) unprobed!: number;
}

export class RegionStatsDto extends LiveTotalsDto {
  @ApiProperty({ example: 'eu-west-1' }) code!: string;
  @ApiProperty({ enum: ['active', 'draining', 'disabled'] }) status!: string;
  @ApiProperty({ type: BucketReadinessDto }) buckets!: BucketReadinessDto;
}

export class AccountStatsDto extends LiveTotalsDto {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() name!: string;
}

export class SignalCountDto {
  @ApiProperty({
    example: 'geoip',
    description: 'The placement signal recorded by the init (audit backup.init)',
  })
  signal!: string;
  @ApiProperty({ description: 'Agent inits that used it' }) inits!: number;
}

export class StatsDto {
  @ApiProperty({ type: LiveTotalsDto }) totals!: LiveTotalsDto;
  @ApiProperty({ type: [RegionStatsDto], description: 'Every region, by code' }) regions!: RegionStatsDto[];
  @ApiProperty({
    type: [AccountStatsDto],
    description: 'Accounts with a live backup, most bytes first (at most `accounts` of them)',
  })
  accounts!: AccountStatsDto[];
  @ApiProperty({ description: 'Accounts with a live backup (all of them, also those not listed)' })
  accountsWithBackups!: number;
  @ApiProperty({ type: [SignalCountDto], description: 'Agent inits of the last 24 h by placement signal' })
  signalsLast24h!: SignalCountDto[];
  @ApiProperty({ format: 'date-time' }) at!: string;
}
