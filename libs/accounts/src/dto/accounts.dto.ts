import {
  BY_ID,
  CREATED_AT,
  OptionalField,
  PageOf,
  PageQuery,
  SearchParam,
  SortParam,
  type SortCatalogue,
} from '@landfall/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { AccountSummary, ActiveStatus, ApplianceSummary } from '../accounts.records';

const NAMED_SORT_KEYS = { createdAt: CREATED_AT, name: { field: 'name', kind: 'text' } } as const;
export const ACCOUNT_SORT: SortCatalogue = {
  keys: NAMED_SORT_KEYS,
  default: '-createdAt',
  tieBreaker: BY_ID,
};
export const APPLIANCE_SORT: SortCatalogue = ACCOUNT_SORT;

export class ListAccountsQuery extends PageQuery {
  @SortParam(ACCOUNT_SORT, 'by creation time or name') sort?: string;
  @SearchParam('the account name') q?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: ActiveStatus;
}

export class ListAppliancesQuery extends PageQuery {
  @SortParam(APPLIANCE_SORT, 'by creation time or name') sort?: string;
  @SearchParam('the appliance name or server id') q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: ActiveStatus;

  @ApiPropertyOptional({ description: 'Only appliances whose live backup is in this region' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  region?: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'acme-corp' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class CreateApplianceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId!: string;

  @ApiProperty({ example: 'rack-3' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ description: "The agent's own server id, unique within the account" })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  serverId?: string;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: ActiveStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(a: AccountSummary): AccountDto {
    return { ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
  }
}

export class ApplianceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) serverId!: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: ActiveStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(a: ApplianceSummary): ApplianceDto {
    return { ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
  }
}

export class AccountPageDto extends PageOf(AccountDto) {}

export class AppliancePageDto extends PageOf(ApplianceDto) {}
