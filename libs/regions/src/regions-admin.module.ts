import { Module } from '@nestjs/common';
import { RegionsModule } from './regions.module';
import { RegionsController } from './controllers/regions.admin.controller';
import { RegionsAdminService } from './services/regions-admin.service';

@Module({ imports: [RegionsModule], controllers: [RegionsController], providers: [RegionsAdminService] })
export class RegionsAdminModule {}
