import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalField, UuidParamPipe } from '@landfall/common';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import { MigrationDto, type MigrationPlanDto } from '../dto/migration.dto';
import { OverrideMigrationService } from '../services/override-migration.service';

export class OverrideMigrationDto {
  @ApiPropertyOptional({ description: 'Only return the plan (which backups, from → to); change nothing' })
  @OptionalField()
  @IsBoolean()
  dryRun?: boolean;
}

@ApiTags('admin: migrations')
@Controller('admin/v1/overrides')
export class OverrideMigrationController {
  constructor(private readonly service: OverrideMigrationService) {}

  @Post(':id/migration')
  @HttpCode(202)
  @Admin('migrations:write')
  @ApiOperation({
    summary:
      'Migrate the live backups this override would have placed differently (placed in its scope, index now ' +
      'prefers its region), or with dryRun return the plan. Errors: OVERRIDE.NOT_FOUND, MIGRATION.EMPTY_SELECTION, ' +
      'MIGRATION.REGION_NOT_ACTIVE',
  })
  @ApiAcceptedResponse({ type: MigrationDto, description: 'Started (or MigrationPlanDto for a dry run)' })
  migrate(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: OverrideMigrationDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<MigrationDto | MigrationPlanDto> {
    return this.service.migrate(id, body.dryRun === true, adminActor(admin, call));
  }
}
