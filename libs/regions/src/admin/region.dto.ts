import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import {
  NullableField,
  OptionalField,
  PageOf,
  PageQuery,
  SearchParam,
  SortParam,
  type SortCatalogue,
} from '@landfall/common';
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
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'code must be lower-case letters, digits and hyphens' })
  code!: string;

  @ApiProperty() @IsString() @Length(1, 120) displayName!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: no city' })
  @NullableField()
  @IsString()
  @Length(1, 120)
  city?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'DE', description: 'null: no country' })
  @NullableField()
  @IsString()
  @Matches(/^[A-Z]{2}$/)
  countryCode?: string | null;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLatitude() latitude!: number;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLongitude() longitude!: number;

  @ApiProperty({ example: 'https://s3.eu-central-1.amazonaws.com' })
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  endpoint!: string;

  @ApiPropertyOptional({ enum: STATUSES, default: 'active' })
  @OptionalField()
  @IsIn(STATUSES)
  status?: RegionStatus;
  @ApiPropertyOptional({ default: 100 }) @OptionalField() @IsInt() @Min(0) @Max(1_000_000) weight?: number;
}

/** Every field optional; `null` is a 400 except where the field says it clears (city, countryCode). */
export class UpdateRegionDto extends PartialType(OmitType(CreateRegionDto, ['code'] as const), {
  skipNullProperties: false,
}) {}

const CODE = { field: 'code', kind: 'text' } as const;
export const REGION_SORT: SortCatalogue = {
  keys: { code: CODE, displayName: { field: 'displayName', kind: 'text' } },
  default: 'code',
  tieBreaker: CODE,
};

export class ListRegionsQuery extends PageQuery {
  @SortParam(REGION_SORT, 'by code or display name') sort?: string;
  @SearchParam('the code, display name or city') q?: string;
}

export class RegionPageDto extends PageOf(RegionDto) {}
