import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import {
  CreateMigrationDto,
  ListMigrationsQuery,
  MigrationDto,
  MigrationPageDto,
  MigrationPlanDto,
} from '../dto/migration.dto';
import { MigrationsAdminService } from '../services/migrations-admin.service';

@ApiTags('admin: migrations')
@ApiExtraModels(MigrationDto, MigrationPlanDto)
@Controller('admin/v1/migrations')
export class MigrationsController {
  constructor(private readonly service: MigrationsAdminService) {}

  @Post()
  @HttpCode(202)
  @Admin('migrations:write')
  @ApiOperation({
    summary:
      'Move backups to another region (or, with dryRun, return the plan). Errors: MIGRATION.UNKNOWN_REGION, ' +
      'MIGRATION.REGION_NOT_ACTIVE, MIGRATION.TARGET_IS_SOURCE, MIGRATION.ALREADY_MIGRATING, ' +
      'MIGRATION.BACKUP_RETIRED, MIGRATION.NO_SELECTION, MIGRATION.EMPTY_SELECTION, BACKUP.NOT_FOUND',
  })
  @ApiAcceptedResponse({
    description: 'Started: a MigrationDto; with `dryRun: true`, the plan (MigrationPlanDto, nothing written)',
    schema: { oneOf: [{ $ref: getSchemaPath(MigrationDto) }, { $ref: getSchemaPath(MigrationPlanDto) }] },
  })
  @ApiNotFoundResponse({ description: 'BACKUP.NOT_FOUND: a backup named in backupIds' })
  @ApiConflictResponse({
    description:
      'MIGRATION.REGION_NOT_ACTIVE, MIGRATION.ALREADY_MIGRATING, MIGRATION.BACKUP_RETIRED (400s: ' +
      'MIGRATION.UNKNOWN_REGION, TARGET_IS_SOURCE, NO_SELECTION, EMPTY_SELECTION, SELECTION_TOO_LARGE)',
  })
  create(
    @Body() body: CreateMigrationDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<MigrationDto | MigrationPlanDto> {
    return this.service.create(body, adminActor(admin, call));
  }

  @Get()
  @Admin('migrations:read')
  @ApiOperation({ summary: 'Migrations newest first, with the same progress fields as one migration' })
  @ApiOkResponse({ type: MigrationPageDto })
  list(@Query() query: ListMigrationsQuery): Promise<MigrationPageDto> {
    return this.service.list(query);
  }

  @Get(':id')
  @Admin('migrations:read')
  @ApiOperation({ summary: 'Progress: state, objects and bytes done/total, rate, ETA, errors, per backup' })
  @ApiOkResponse({ type: MigrationDto })
  get(@Param('id', UuidParamPipe) id: string): Promise<MigrationDto> {
    return this.service.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Admin('migrations:write')
  @ApiOperation({
    summary: 'Cancel (roll back) every backup not yet cut over: source untouched, writable again',
  })
  @ApiOkResponse({ type: MigrationDto })
  @ApiConflictResponse({
    description: 'MIGRATION.NOT_CANCELLABLE: every backup is already cut over or finished',
  })
  cancel(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<MigrationDto> {
    return this.service.cancel(id, adminActor(admin, call));
  }
}
