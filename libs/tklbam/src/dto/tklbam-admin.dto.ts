import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalField } from '@landfall/common';
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

export class TklbamKeyListDto {
  @ApiProperty({ type: [TklbamKeyDto] }) items!: TklbamKeyDto[];
}

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

export class TklbamProfileListDto {
  @ApiProperty({ type: [TklbamProfileDto] }) items!: TklbamProfileDto[];
}
