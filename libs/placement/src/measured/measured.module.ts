import { Module } from '@nestjs/common';
import { PlacementAdminModule } from '../admin/placement-admin.module';
import { PlacementModule } from '../runtime/placement.module';
import { AccuracyController } from './accuracy.controller';
import { AutoApplyController } from './auto-apply.controller';
import { AutoApplyRepository } from './auto-apply.repository';
import { AutoApplyService } from './auto-apply.service';
import { AccuracyRepository } from './accuracy.repository';
import { AccuracyService } from './accuracy.service';
import { SuggestionsController } from './suggestions.controller';
import { SuggestionDismissalsRepository } from './suggestion-dismissals.repository';
import { SuggestionsService } from './suggestions.service';
import { LatencyAdminController } from './latency-admin.controller';
import { LatencyAdminService } from './latency-admin.service';
import { LatencyReportsController } from './latency-reports.controller';
import { LatencyReportsService } from './latency-reports.service';

/** Agents' latency reports; the estimator itself lives in PlacementStateService (every replica, in memory). */
@Module({
  imports: [PlacementModule, PlacementAdminModule],
  controllers: [
    LatencyReportsController,
    LatencyAdminController,
    SuggestionsController,
    AccuracyController,
    AutoApplyController,
  ],
  providers: [
    LatencyReportsService,
    LatencyAdminService,
    SuggestionDismissalsRepository,
    SuggestionsService,
    AccuracyRepository,
    AccuracyService,
    AutoApplyRepository,
    AutoApplyService,
  ],
})
export class MeasuredPlacementModule {}
