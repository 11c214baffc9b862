import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import { AutoApplyPolicyDto, AutoApplyPolicyInputDto, AutoApplyResultDto } from '../dto/auto-apply.dto';
import { AutoApplyService } from '../services/auto-apply.service';

@ApiTags('admin: placement')
@Controller('admin/v1/placement/auto-apply')
export class AutoApplyController {
  constructor(private readonly service: AutoApplyService) {}

  @Get()
  @Admin('placement:read')
  @ApiOperation({ summary: 'The policy for applying index suggestions without review (off by default)' })
  @ApiOkResponse({ type: AutoApplyPolicyDto })
  async get(): Promise<AutoApplyPolicyDto> {
    return AutoApplyPolicyDto.from(await this.service.policy());
  }

  @Put()
  @Admin('placement:write')
  @ApiOperation({
    summary:
      'Set the policy (audited); suggestions at or above both thresholds become audited overrides whose reason ' +
      'cites the measurement, at once and then every minute',
  })
  @ApiOkResponse({ type: AutoApplyResultDto })
  async set(
    @Body() body: AutoApplyPolicyInputDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<AutoApplyResultDto> {
    return AutoApplyResultDto.from(await this.service.setPolicy(body, adminActor(admin, call)));
  }
}
