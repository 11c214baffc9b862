import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export class LatencyImportResultDto {
  @ApiProperty({ format: 'uuid' }) batchId!: string;
  @ApiProperty() rows!: number;
  @ApiProperty() samples!: number;
}

export class ResolveLocationDto {
  @ApiProperty({ example: 'mumbai' }) @IsString() @Length(1, 128) id!: string;
  @ApiProperty({ example: 19.08 }) @IsLatitude() latitude!: number;
  @ApiProperty({ example: 72.88 }) @IsLongitude() longitude!: number;
  @ApiProperty({ example: 'IN' }) @Matches(/^[A-Z]{2}$/) country!: string;
  @ApiPropertyOptional({ example: 'IN-MH' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/)
  subdivision?: string;
}

export class ResolveRequestDto {
  @ApiProperty({ type: [ResolveLocationDto], maxItems: 10_000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ResolveLocationDto)
  locations!: ResolveLocationDto[];
}

export class ResolvedItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ap-south-1' }) region!: string;
  @ApiProperty({ example: 'geoip-subdivision' }) signal!: string;
  @ApiProperty({ type: [String] }) candidates!: string[];
}

export class ResolveResponseDto {
  @ApiProperty({ type: [ResolvedItemDto] }) items!: ResolvedItemDto[];
}
