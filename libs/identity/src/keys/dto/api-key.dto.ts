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
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import { ADMIN_PERMISSIONS, ADMIN_SCOPES } from '../../auth/admin-scopes';
import type { ApiKeySummary } from '../api-key.records';

export class CreateApiKeyDto {
  @ApiProperty({ enum: ['appliance', 'admin'] })
  @IsIn(['appliance', 'admin'])
  kind!: 'appliance' | 'admin';

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for an appliance key' })
  @ValidateIf((o: CreateApiKeyDto) => o.kind === 'appliance' || o.applianceId !== undefined)
  @IsUUID()
  applianceId?: string;

  @ApiProperty({ example: 'rack 3 appliance' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiPropertyOptional({
    enum: ADMIN_SCOPES,
    isArray: true,
    description:
      'Admin keys only; default ["admin"]. Only scopes the calling key holds itself may be given ' +
      '(403 KEY.SCOPE_BEYOND_OWN otherwise); "admin" grants every permission.',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(ADMIN_SCOPES, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Between 1970 and 9999' })
  @OptionalField()
  @IsInstant()
  expiresAt?: Date;
}

export const API_KEY_SORT: SortCatalogue = {
  keys: { createdAt: CREATED_AT, label: { field: 'label', kind: 'text' } },
  default: '-createdAt',
  tieBreaker: BY_ID,
};

export class ListApiKeysQuery extends PageQuery {
  @SortParam(API_KEY_SORT, 'by creation time or label') sort?: string;
  @SearchParam('the label or the visible prefix (lf_adm_…)') q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applianceId?: string;

  @ApiPropertyOptional({ enum: ['appliance', 'admin'] })
  @IsOptional()
  @IsIn(['appliance', 'admin'])
  kind?: 'appliance' | 'admin';

  @ApiPropertyOptional({ enum: ['active', 'revoked'] })
  @IsOptional()
  @IsIn(['active', 'revoked'])
  status?: 'active' | 'revoked';
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['appliance', 'admin'] }) kind!: 'appliance' | 'admin';
  @ApiProperty({ description: 'The visible part of the key (lf_app_<prefix>_…)' }) prefix!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) accountId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applianceId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;

  static from(key: ApiKeySummary): ApiKeyDto {
    return {
      ...key,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto }) key!: ApiKeyDto;
  @ApiProperty({ description: 'The full key. Shown this once; only its hash is stored.' }) plaintext!: string;
}

export class ApiKeyPageDto extends PageOf(ApiKeyDto) {}

/** The key that made the request, as the guard authenticated it (dashboards hide what it may not do). */
export class CurrentKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'k3j9x0v2m4qa' }) prefix!: string;
  @ApiProperty({ type: [String], example: ['placement:read', 'regions:read'] }) scopes!: string[];
  @ApiProperty({
    type: [String],
    enum: ADMIN_PERMISSIONS,
    description: 'Every permission the scopes grant (`admin` expands to all)',
  })
  permissions!: string[];
}
