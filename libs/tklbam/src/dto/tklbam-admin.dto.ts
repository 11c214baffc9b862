import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { IsBase64, IsString, Matches, MaxLength } from 'class-validator';
import type { TklbamKeyRow, TklbamProfileInfo } from '../domain/tklbam';

export class CreateTklbamKeyDto {
  @ApiPropertyOptional({ maxLength: 200, default: 'tklbam' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  label?: string;
}

export class TklbamKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ description: 'The TKLBAM user id the key carries (one per account)' }) uid!: number;
  @ApiProperty() label!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;

  static from(row: TklbamKeyRow): TklbamKeyDto {
    return {
      id: row.id,
      accountId: row.accountId,
      uid: row.uid,
      label: row.label,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    };
  }
}

export class IssuedTklbamKeyDto extends TklbamKeyDto {
  @ApiProperty({ description: 'The API-KEY for `tklbam-init`: shown in this response only' }) apiKey!: string;
}

export const TKLBAM_KEY_SORT: SortCatalogue = {
  keys: { createdAt: CREATED_AT, label: { field: 'label', kind: 'text' } },
  default: '-createdAt',
  tieBreaker: BY_ID,
};

export class ListTklbamKeysQuery extends PageQuery {
  @SortParam(TKLBAM_KEY_SORT, 'by issue time or label') sort?: string;
  @SearchParam('the label') q?: string;
}

export class TklbamKeyPageDto extends PageOf(TklbamKeyDto) {}

export const TURNKEY_VERSION = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}$/;

export class PutTklbamProfileDto {
  @ApiProperty({ example: 'turnkey-core-18.0-bookworm-amd64' })
  @IsString()
  @Matches(TURNKEY_VERSION)
  turnkeyVersion!: string;

  @ApiProperty({ description: 'The profile tar.gz, base64 (the request body limit of 1 MiB applies)' })
  @IsString()
  @IsBase64()
  archive!: string;
}

export class TklbamProfileDto {
  @ApiProperty() turnkeyVersion!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'What agents see as archive_timestamp (epoch seconds)' }) timestamp!: number;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty() uploadedBy!: string;

  static from(info: TklbamProfileInfo): TklbamProfileDto {
    return { ...info, uploadedAt: info.uploadedAt.toISOString() };
  }
}

const TURNKEY_VERSION_KEY = { field: 'turnkeyVersion', kind: 'text' } as const;
export const TKLBAM_PROFILE_SORT: SortCatalogue = {
  keys: { turnkeyVersion: TURNKEY_VERSION_KEY, uploadedAt: { field: 'uploadedAt', kind: 'date' } },
  default: 'turnkeyVersion',
  tieBreaker: TURNKEY_VERSION_KEY,
};

export class ListTklbamProfilesQuery extends PageQuery {
  @SortParam(TKLBAM_PROFILE_SORT, 'by TurnKey version or upload time') sort?: string;
  @SearchParam('the TurnKey version') q?: string;
}

export class TklbamProfilePageDto extends PageOf(TklbamProfileDto) {}
