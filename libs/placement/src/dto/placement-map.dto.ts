import { ApiProperty } from '@nestjs/swagger';
import type { RegionStatus } from '@landfall/regions';

export class MapEntryDto {
  @ApiProperty({ example: 'US-CA', description: 'ISO 3166-1 alpha-2 country or ISO 3166-2 subdivision' })
  code!: string;
  @ApiProperty({ enum: ['country', 'subdivision'] }) kind!: 'country' | 'subdivision';
  @ApiProperty({ example: 'US', description: 'The country the entry lies in (itself for a country)' })
  countryCode!: string;
  @ApiProperty({ example: 'California' }) name!: string;
  @ApiProperty({ type: [String], description: 'Active regions, first choice first' }) regions!: string[];
  @ApiProperty({ enum: ['geography', 'latency', 'override'], description: 'What decided the first choice' })
  source!: string;
  @ApiProperty({ example: 'nearest region by population-weighted distance (cities)' }) reason!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Latitude of its population-weighted centre; null when the hub knows no location for it',
  })
  latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({
    description:
      'Appliances with a live (active or migrating) backup placed here: by placed_subdivision for a subdivision, ' +
      'by placed_country for a country (its subdivisions included)',
  })
  appliances!: number;
  @ApiProperty({ description: 'Live backups placed here, counted like `appliances`' }) backups!: number;
}

export class MapRegionDto {
  @ApiProperty({ example: 'eu-west-1' }) code!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['active', 'draining', 'disabled'] }) status!: RegionStatus;
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
  @ApiProperty() weight!: number;
}

export class PlacementMapDto {
  @ApiProperty({ type: [MapEntryDto], description: 'Every entry of the effective index, sorted by code' })
  entries!: MapEntryDto[];
  @ApiProperty({ type: [MapRegionDto], description: 'Every region the hub knows, with its coordinates' })
  regions!: MapRegionDto[];
  @ApiProperty({ description: 'Index generation this map was read from (changes with every rebuild)' })
  generation!: number;
  @ApiProperty({ format: 'date-time' }) builtAt!: string;
}
