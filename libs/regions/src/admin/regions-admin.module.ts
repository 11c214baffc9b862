import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions.module';
import { RegionsController } from './regions.controller';
import { RegionsAdminService } from './regions-admin.service';

@Module({ imports: [RegionsModule], controllers: [RegionsController], providers: [RegionsAdminService] })
export class RegionsAdminModule {}
