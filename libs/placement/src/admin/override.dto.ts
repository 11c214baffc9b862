import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BY_ID,
  CREATED_AT,
  IsInstant,
  NullableField,
  OptionalField,
  PageOf,
  PageQuery,
  SearchParam,
  SortParam,
  type SortCatalogue,
} from '@landfall/common';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { IndexOverride } from './overrides.repository';
import type { OverridePreview } from './overrides.service';

export class OverrideDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'US-CA', description: 'ISO 3166-1 country or ISO 3166-2 subdivision' })
  scope!: string;
  @ApiProperty({ enum: ['country', 'subdivision'] }) scopeKind!: 'country' | 'subdivision';
  @ApiProperty({ example: 'us-west-1' }) region!: string;
  @ApiProperty({ example: 'Peering with the state university network is via San Jose' }) reason!: string;
  @ApiProperty({ description: 'Admin key prefix or CLI user that last wrote it' }) author!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;

  static from(override: IndexOverride): OverrideDto {
    return Object.assign(new OverrideDto(), override);
  }
}

export class CreateOverrideDto {
  @ApiProperty({ example: 'US-CA' })
  @IsString()
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'scope must look like "DE" or "US-CA"' })
  scope!: string;

  @ApiProperty({ example: 'us-west-1' }) @IsString() @Length(2, 63) region!: string;
  @ApiProperty({ minLength: 3 }) @IsString() @Length(3, 500) reason!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Between 1970 and 9999; null or absent: never expires',
  })
  @NullableField()
  @IsInstant()
  expiresAt?: Date | null;
}

export class UpdateOverrideDto {
  @ApiPropertyOptional() @OptionalField() @IsString() @Length(2, 63) region?: string;
  @ApiPropertyOptional() @OptionalField() @IsString() @Length(3, 500) reason?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Between 1970 and 9999; null removes the expiry',
  })
  @NullableField()
  @IsInstant()
  expiresAt?: Date | null;
}

export const OVERRIDE_SORT: SortCatalogue = {
  keys: { scope: { field: 'scope', kind: 'text' }, createdAt: CREATED_AT },
  default: 'scope',
  tieBreaker: BY_ID,
};

export class ListOverridesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only overrides sending their scope to this region' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  region?: string;

  @ApiPropertyOptional({ description: 'Only the override of exactly this scope (DE, US-CA)' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  scope?: string;

  @SortParam(OVERRIDE_SORT, 'by scope code or creation time') sort?: string;
  @SearchParam('the scope code or the reason') q?: string;
}

export class OverridePageDto extends PageOf(OverrideDto) {}

class ChangedEntryDto {
  @ApiProperty() scope!: string;
  @ApiProperty({ type: [String] }) before!: string[];
  @ApiProperty({ type: [String] }) after!: string[];
}

class SubdivisionOverrideDto {
  @ApiProperty() scope!: string;
  @ApiProperty() region!: string;
}

class SubdivisionCoverageDto {
  @ApiProperty({ type: [String], description: "The country's subdivision entries the override applies to" })
  covered!: string[];
  @ApiProperty({
    type: [SubdivisionOverrideDto],
    description: 'Subdivision entries it does not apply to: they have an override of their own',
  })
  notCovered!: SubdivisionOverrideDto[];
}

class AffectedRegionDto {
  @ApiProperty() region!: string;
  @ApiProperty() backups!: number;
  @ApiProperty() appliances!: number;
}

class AffectedDto {
  @ApiProperty() backups!: number;
  @ApiProperty() appliances!: number;
  @ApiProperty({ type: [AffectedRegionDto] }) byRegion!: AffectedRegionDto[];
}

export class OverridePreviewDto {
  @ApiProperty() scope!: string;
  @ApiProperty({ enum: ['country', 'subdivision'] }) scopeKind!: 'country' | 'subdivision';
  @ApiProperty({ type: [ChangedEntryDto] }) changedEntries!: ChangedEntryDto[];
  @ApiProperty({ type: SubdivisionCoverageDto }) subdivisions!: SubdivisionCoverageDto;
  @ApiProperty({
    type: AffectedDto,
    description: 'Live backups placed in the scope but stored elsewhere (they stay: placement is sticky)',
  })
  affected!: AffectedDto;

  static from(preview: OverridePreview): OverridePreviewDto {
    return Object.assign(new OverridePreviewDto(), preview);
  }
}
