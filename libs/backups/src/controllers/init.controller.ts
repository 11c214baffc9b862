import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  Agent,
  Caller,
  CurrentAppliance,
  type AppliancePrincipal,
  type CallContext,
} from '@landfall/identity';
import { InitRequestDto, InitResponseDto } from '../dto/init.dto';
import { idempotencyKeyOf } from '../idempotency/request-fingerprint';
import { InitService } from '../services/init.service';

@ApiTags('agent')
@Controller('v1/init')
export class InitController {
  constructor(private readonly service: InitService) {}

  @Post()
  @HttpCode(200)
  @Agent()
  @ApiOperation({
    summary: 'Start of every agent run: the backup location (created on first call) and scoped credentials',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Replays the first response for 24 h' })
  @ApiOkResponse({ type: InitResponseDto })
  @ApiConflictResponse({ description: 'IDEMPOTENCY.KEY_REUSED: the key was used with a different body' })
  @ApiServiceUnavailableResponse({
    description:
      'STORAGE.UNAVAILABLE, CREDENTIALS.UNAVAILABLE, PLACEMENT.REGION_UNAVAILABLE (with Retry-After)',
  })
  init(
    @CurrentAppliance() appliance: AppliancePrincipal,
    @Caller() call: CallContext,
    @Body() body: InitRequestDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<InitResponseDto> {
    return this.service.init(appliance, call, body ?? {}, idempotencyKeyOf(idempotencyKey));
  }
}
