import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { Region, RegionStatus } from '../region';

const STATUSES: RegionStatus[] = ['active', 'draining', 'disabled'];

export class RegionDto {
  @ApiProperty({ example: 'eu-central-1' }) code!: string;
  @ApiProperty({ example: 'Europe (Frankfurt)' }) displayName!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Frankfurt' }) city!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'DE' }) countryCode!: string | null;
  @ApiProperty({ example: 50.11 }) latitude!: number;
  @ApiProperty({ example: 8.68 }) longitude!: number;
  @ApiProperty({ example: 'https://s3.eu-central-1.amazonaws.com' }) endpoint!: string;
  @ApiProperty({ enum: STATUSES }) status!: RegionStatus;
  @ApiProperty({ description: 'Relative share in the weighted fallback; 0 = never chosen by it' })
  weight!: number;

  static from(region: Region): RegionDto {
    return Object.assign(new RegionDto(), region);
  }
}

export class CreateRegionDto {
  @ApiProperty({ example: 'eu-central-1' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'code must be lower-case letters, digits and hyphens' })
  code!: string;

  @ApiProperty() @IsString() @Length(1, 120) displayName!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 120) city?: string;
  @ApiPropertyOptional({ example: 'DE' }) @IsOptional() @Matches(/^[A-Z]{2}$/) countryCode?: string;
  @ApiProperty() @IsLatitude() latitude!: number;
  @ApiProperty() @IsLongitude() longitude!: number;

  @ApiProperty({ example: 'https://s3.eu-central-1.amazonaws.com' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  endpoint!: string;

  @ApiPropertyOptional({ enum: STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: RegionStatus;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) weight?: number;
}

export class UpdateRegionDto extends PartialType(OmitType(CreateRegionDto, ['code'] as const)) {}
