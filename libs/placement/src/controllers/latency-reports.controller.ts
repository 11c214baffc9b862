import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  Agent,
  Caller,
  CurrentAppliance,
  type AppliancePrincipal,
  type CallContext,
} from '@landfall/identity';
import { LatencyReportAcceptedDto, LatencyReportDto } from '../dto/latency-report.dto';
import { LatencyReportsService } from '../services/latency-reports.service';

@ApiTags('agent')
@Controller('v1/latency-reports')
export class LatencyReportsController {
  constructor(private readonly service: LatencyReportsService) {}

  @Post()
  @HttpCode(202)
  @Agent()
  @ApiOperation({
    summary: 'Round-trip times the agent measured to the probe targets of its init response',
    description: 'Stored whole or not at all. See docs/agents-latency.md for how to measure.',
  })
  @ApiOkResponse({ type: LatencyReportAcceptedDto })
  @ApiBadRequestResponse({
    description:
      'LATENCY.BATCH_EMPTY, INVALID_SAMPLE, UNKNOWN_REGION, REGION_DISABLED, INVALID_RTT, IMPOSSIBLE_RTT, INVALID_TIMESTAMP, FUTURE_TIMESTAMP, STALE_TIMESTAMP, CALLER_NOT_LOCATED (details.sample: the first bad sample)',
  })
  @ApiPayloadTooLargeResponse({ description: 'LATENCY.BATCH_TOO_LARGE' })
  @ApiTooManyRequestsResponse({ description: 'LATENCY.RATE_LIMITED (with Retry-After)' })
  report(
    @CurrentAppliance() appliance: AppliancePrincipal,
    @Caller() call: CallContext,
    @Body() body: LatencyReportDto,
  ): Promise<LatencyReportAcceptedDto> {
    return this.service.report(appliance, call, body.samples);
  }
}
