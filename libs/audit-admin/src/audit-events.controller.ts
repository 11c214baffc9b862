import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listRequest, toPage } from '@landfall/common';
import { Admin } from '@landfall/identity';
import { AuditRepository } from '@landfall/audit';
import { AUDIT_SORT, AuditEventDto, AuditEventPageDto, ListAuditEventsQuery } from './audit-events.dto';

@ApiTags('admin: audit')
@Controller('admin/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly repository: AuditRepository) {}

  @Get()
  @Admin('audit:read')
  @ApiOperation({
    summary: 'The audit trail, newest first: filter by actorId, action, target and time range',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    const request = listRequest(AUDIT_SORT, query);
    const { rows, total } = await this.repository.list(
      {
        actorType: query.actorType,
        actorId: query.actorId,
        action: query.action,
        targetType: query.targetType,
        targetId: query.targetId,
        since: query.since,
        until: query.until,
      },
      request,
    );
    return toPage(rows, request, AuditEventDto.from, total);
  }
}
