import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiGoneResponse,
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
import { idempotencyKeyOf } from '../domain/request-fingerprint';
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
  @ApiBody({
    type: InitRequestDto,
    required: false,
    description: 'Optional: an empty or absent body is `{}`',
  })
  @ApiOkResponse({ type: InitResponseDto })
  @ApiConflictResponse({
    description: 'IDEMPOTENCY.KEY_REUSED (the key was used with a different body), BACKUP.MIGRATING',
  })
  @ApiGoneResponse({ description: 'IDEMPOTENCY.BACKUP_GONE: the backup this key created is gone' })
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
