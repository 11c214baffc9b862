import { Module } from '@nestjs/common';
import { PlacementAdminModule } from './placement-admin.module';
import { PlacementModule } from './placement.module';
import { AccuracyController } from './controllers/accuracy.admin.controller';
import { AutoApplyController } from './controllers/auto-apply.admin.controller';
import { AutoApplyRepository } from './repositories/auto-apply.repository';
import { AutoApplyService } from './services/auto-apply.service';
import { AccuracyRepository } from './repositories/accuracy.repository';
import { AccuracyService } from './services/accuracy.service';
import { SuggestionsController } from './controllers/suggestions.admin.controller';
import { SuggestionDismissalsRepository } from './repositories/suggestion-dismissals.repository';
import { SuggestionsService } from './services/suggestions.service';
import { LatencyAdminController } from './controllers/latency.admin.controller';
import { LatencyAdminService } from './services/latency-admin.service';
import { LatencyReportsController } from './controllers/latency-reports.controller';
import { LatencyReportsService } from './services/latency-reports.service';

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
