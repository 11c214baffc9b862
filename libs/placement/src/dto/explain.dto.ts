import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { PlacementDecision } from '../domain/placement.port';
import type { IndexEntry } from '../domain/placement-index';

export class ExplainQuery {
  @ApiProperty({ example: '81.2.69.142' }) @IsString() @Length(2, 64) ip!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Take the appliance’s pins and existing backup into account',
  })
  @IsOptional()
  @IsUUID()
  appliance?: string;
  @ApiPropertyOptional({ example: 'eu-west-1' }) @IsOptional() @IsString() @Length(2, 63) hint?: string;
}

class OverrideRefDto {
  @ApiProperty() scope!: string;
  @ApiProperty() reason!: string;
}

class RegionEstimateDto {
  @ApiProperty({ example: 'eu-west-2' }) region!: string;
  @ApiProperty({ example: 8.2 }) rttMs!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty({ enum: ['measured', 'geography'] }) basis!: string;
  @ApiProperty() reporters!: number;
}

class MeasuredEvidenceDto {
  @ApiProperty({ type: [RegionEstimateDto], description: 'Active regions, lowest estimated RTT first' })
  estimates!: RegionEstimateDto[];
  @ApiProperty({
    example: 'eu-west-2 ≈ 8 ms, eu-central-1 ≈ 15 ms, from 14 reporters within 300 km, newest 2 days old',
  })
  summary!: string;
}

class PinRefDto {
  @ApiProperty({ enum: ['appliance', 'account'] }) level!: 'appliance' | 'account';
  @ApiProperty() region!: string;
  @ApiProperty() reason!: string;
}

export class PlacementDecisionDto {
  @ApiProperty({ example: 'eu-west-2' }) region!: string;
  @ApiProperty({ type: [String], description: 'Active regions in failover order, chosen first' })
  candidates!: string[];
  @ApiProperty({
    enum: [
      'existing-backup',
      'appliance-pin',
      'account-pin',
      'region-hint',
      'cloud-ip-range',
      'cdn-country',
      'cdn-colo',
      'measured',
      'geoip-subdivision',
      'geoip-country',
      'weighted-fallback',
    ],
  })
  signal!: string;
  @ApiProperty({ enum: ['precise', 'country-only', 'unknown'] }) confidence!: string;
  @ApiProperty({ nullable: true, type: String }) clientIp!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'GB' }) countryCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'GB-ENG' }) subdivisionCode!: string | null;
  @ApiPropertyOptional({ type: OverrideRefDto }) override?: OverrideRefDto;
  @ApiPropertyOptional({ type: PinRefDto }) pin?: PinRefDto;
  @ApiPropertyOptional({
    type: MeasuredEvidenceDto,
    description: 'The latency estimator’s view, whenever it was consulted (whichever signal then decided)',
  })
  measured?: MeasuredEvidenceDto;
  @ApiProperty({ type: [String], description: 'The trail of checks, in evaluation order' })
  reasons!: string[];

  static from(decision: PlacementDecision): PlacementDecisionDto {
    return Object.assign(new PlacementDecisionDto(), { ...decision, candidates: [...decision.candidates] });
  }
}

export class IndexQuery {
  @ApiPropertyOptional({ example: 'US-CA' })
  @IsOptional()
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
  scope?: string;
}

export class IndexEntryDto {
  @ApiProperty() scope!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) regions!: string[];
  @ApiProperty({ enum: ['geography', 'latency', 'override'] }) source!: string;
  @ApiProperty() reason!: string;

  static from(entry: IndexEntry): IndexEntryDto {
    return Object.assign(new IndexEntryDto(), { ...entry, regions: [...entry.regions] });
  }
}

export class ProbeTargetDto {
  @ApiProperty({ example: 'eu-west-2' }) region!: string;
  @ApiProperty({
    example: 'https://s3.eu-west-2.amazonaws.com',
    description: 'Time HEAD requests to this URL',
  })
  url!: string;
  @ApiProperty({ enum: ['https-head'], description: 'See docs/agents-latency.md' }) method!: 'https-head';
  @ApiProperty({ example: 5, description: 'Round trips to time; report the minimum' }) attempts!: number;
}
