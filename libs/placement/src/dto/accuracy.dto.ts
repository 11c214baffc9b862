import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_ACCURACY_WINDOW_DAYS, type AccuracyView } from '../services/accuracy.service';

export class AccuracyQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: DEFAULT_ACCURACY_WINDOW_DAYS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
}

class AccuracyTallyDto {
  @ApiProperty({ description: 'Live placements of reporting appliances whose region they measured' })
  placements!: number;
  @ApiProperty({ description: 'Of those, within max(5 ms, 10 %) of the appliance’s best measured region' })
  nearBest!: number;
  @ApiProperty({ type: Number, nullable: true }) nearBestShare!: number | null;
  @ApiProperty({ type: Number, nullable: true }) meanExcessMs!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '10 % trimmed at each end' })
  trimmedMeanExcessMs!: number | null;
}

class RegionAccuracyDto extends AccuracyTallyDto {
  @ApiProperty({ example: 'eu-central-1' }) region!: string;
}

class CountryAccuracyDto extends AccuracyTallyDto {
  @ApiProperty({ example: 'NL' }) country!: string;
}

export class AccuracyDto extends AccuracyTallyDto {
  @ApiProperty() windowDays!: number;
  @ApiProperty({ format: 'date-time' }) since!: Date;
  @ApiProperty({ format: 'date-time' }) computedAt!: Date;
  @ApiProperty({ description: 'Reporting appliances with a live backup in a region they did not measure' })
  unmeasured!: number;
  @ApiProperty({ type: [RegionAccuracyDto], description: 'By the region the backups are in' })
  byRegion!: RegionAccuracyDto[];
  @ApiProperty({ type: [CountryAccuracyDto], description: 'By the country the appliance last reported from' })
  byCountry!: CountryAccuracyDto[];

  static from(view: AccuracyView): AccuracyDto {
    return Object.assign(new AccuracyDto(), view);
  }
}
