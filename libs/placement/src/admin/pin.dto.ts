import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { PlacementPinRecord } from './pins.repository';

export class PinDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['appliance', 'account'] }) target!: 'appliance' | 'account';
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty() region!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() author!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;

  static from(pin: PlacementPinRecord): PinDto {
    return Object.assign(new PinDto(), pin);
  }
}

export class CreatePinDto {
  @ApiProperty({ enum: ['appliance', 'account'] }) @IsIn(['appliance', 'account']) target!:
    'appliance' | 'account';
  @ApiProperty({ format: 'uuid' }) @IsUUID() targetId!: string;
  @ApiProperty({ example: 'eu-central-1' }) @IsString() @Length(2, 63) region!: string;
  @ApiProperty({ minLength: 3 }) @IsString() @Length(3, 500) reason!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Between 1970 and 9999' })
  @OptionalField()
  @IsInstant()
  expiresAt?: Date;
}

export const PIN_SORT: SortCatalogue = {
  keys: { createdAt: CREATED_AT },
  default: '-createdAt',
  tieBreaker: BY_ID,
};

/**
 * Filters named like every other list's (`accountId`, `applianceId`). The old names `account` / `appliance` are
 * refused (400 REQUEST.INVALID, "property account should not exist") rather than silently ignored.
 */
export class ListPinsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() accountId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() applianceId?: string;
  @SortParam(PIN_SORT, 'by creation time') sort?: string;
  @SearchParam("the pinned account's or appliance's name, or the reason") q?: string;
}

export class PinPageDto extends PageOf(PinDto) {}
