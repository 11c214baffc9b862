import { Module } from '@nestjs/common';
import { RegionsRepository } from './repositories/regions.repository';

@Module({ providers: [RegionsRepository], exports: [RegionsRepository] })
export class RegionsModule {}
