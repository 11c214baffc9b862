import { ApiProperty } from '@nestjs/swagger';
import { IsArray } from 'class-validator';

export class LatencySampleDto {
  @ApiProperty({ example: 'eu-west-2' }) region!: string;
  @ApiProperty({ example: 11.4, description: 'Minimum of the timed round trips, ms' }) rttMs!: number;
  @ApiProperty({ example: 5, minimum: 1, maximum: 100 }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) measuredAt!: string;
}

/** Samples are checked one by one by validateReport (stable LATENCY.* codes), not by the DTO layer. */
export class LatencyReportDto {
  @ApiProperty({ type: [LatencySampleDto], description: 'At most LATENCY_REPORT_MAX_SAMPLES' })
  @IsArray()
  samples!: unknown[];
}

export class LatencyReportAcceptedDto {
  @ApiProperty({ format: 'uuid' }) batchId!: string;
  @ApiProperty() accepted!: number;
  @ApiProperty({ example: 'GB', nullable: true, type: String }) countryCode!: string | null;
  @ApiProperty({ example: '81.2.69.0/24', nullable: true, type: String }) network!: string | null;
}
