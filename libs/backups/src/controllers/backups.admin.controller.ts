import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiConflictResponse } from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import { Admin, Caller, CurrentAdmin, type AdminPrincipal, type CallContext } from '@landfall/identity';
import { BackupDto, BackupPageDto, ListBackupsQuery } from '../dto/backup.dto';
import { AdminBackupsService } from '../services/admin-backups.service';

@ApiTags('admin: backups')
@Controller('admin/v1/backups')
export class AdminBackupsController {
  constructor(private readonly service: AdminBackupsService) {}

  @Get()
  @Admin('backups:read')
  @ApiOperation({ summary: 'List backups, newest first; filter by account, appliance, region, status' })
  @ApiOkResponse({ type: BackupPageDto })
  list(@Query() query: ListBackupsQuery): Promise<BackupPageDto> {
    return this.service.list(query);
  }

  @Get(':id')
  @Admin('backups:read')
  @ApiOperation({ summary: 'One backup' })
  @ApiOkResponse({ type: BackupDto })
  get(@Param('id', UuidParamPipe) id: string): Promise<BackupDto> {
    return this.service.get(id);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Admin('backups:write')
  @ApiOperation({ summary: 'Retire a backup: its appliance gets a new one on its next init' })
  @ApiConflictResponse({ description: 'BACKUP.MIGRATING: cancel or finish its migration first' })
  @ApiOkResponse({ type: BackupDto })
  retire(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<BackupDto> {
    return this.service.retire(id, admin, call);
  }
}
