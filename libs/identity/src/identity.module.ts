import { Module } from '@nestjs/common';
import { FirstRunRepository } from './first-run.repository';
import { FirstRunService } from './first-run.service';

@Module({ providers: [FirstRunRepository, FirstRunService], exports: [FirstRunService] })
export class IdentityModule {}
