import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiConflictResponse,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import {
  Agent,
  Caller,
  CurrentAppliance,
  type AppliancePrincipal,
  type CallContext,
} from '@landfall/identity';
import { AgentBackupDto, BackupDto, BackupListDto, UpdateBackupDto } from '../dto/backup.dto';
import { CredentialsResponseDto } from '../dto/init.dto';
import { AgentBackupsService } from '../services/agent-backups.service';

@ApiTags('agent')
@Agent()
@Controller('v1/backups')
export class AgentBackupsController {
  constructor(private readonly service: AgentBackupsService) {}

  @Get()
  @ApiOperation({ summary: "The calling appliance's backups (live and retired), with regions to time" })
  @ApiOkResponse({ type: BackupListDto })
  list(
    @CurrentAppliance() appliance: AppliancePrincipal,
    @Caller() call: CallContext,
  ): Promise<BackupListDto> {
    return this.service.list(appliance, call);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of the calling appliance’s backups, with regions to time' })
  @ApiOkResponse({ type: AgentBackupDto })
  @ApiNotFoundResponse({ description: 'BACKUP.NOT_FOUND (also for another appliance’s backup)' })
  get(
    @CurrentAppliance() appliance: AppliancePrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Caller() call: CallContext,
  ): Promise<AgentBackupDto> {
    return this.service.get(appliance, id, call);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Report progress: size, last completed backup, whether one is running' })
  @ApiConflictResponse({ description: 'BACKUP.MIGRATING: the backup is being moved; retry later' })
  @ApiOkResponse({ type: BackupDto })
  update(
    @CurrentAppliance() appliance: AppliancePrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateBackupDto,
  ): Promise<BackupDto> {
    return this.service.update(appliance, id, body);
  }

  @Post(':id/credentials')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fresh scoped credentials for the backup (re-issued at most every 30 s)' })
  @ApiConflictResponse({ description: 'BACKUP.RETIRED, BACKUP.MIGRATING' })
  @ApiOkResponse({ type: CredentialsResponseDto })
  refreshCredentials(
    @CurrentAppliance() appliance: AppliancePrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Caller() call: CallContext,
  ): Promise<CredentialsResponseDto> {
    return this.service.refreshCredentials(appliance, id, call);
  }
}
