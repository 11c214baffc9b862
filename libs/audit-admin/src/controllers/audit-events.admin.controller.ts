import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@landfall/common';
import { Admin } from '@landfall/identity';
import { AuditRepository } from '@landfall/audit';
import { AuditEventDto, AuditEventPageDto, ListAuditEventsQuery } from '../dto/audit-events.dto';

@ApiTags('admin: audit')
@Controller('admin/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly repository: AuditRepository) {}

  @Get()
  @Admin('audit:read')
  @ApiOperation({
    summary: 'The audit trail, newest first: filter by actor, action, target and time range',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.repository.list(
      {
        actorType: query.actorType,
        actorId: query.actor,
        action: query.action,
        targetType: query.targetType,
        targetId: query.targetId,
        since: query.since,
        until: query.until,
      },
      query.cursor ? decodeAuditCursor(query.cursor) : null,
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(AuditEventDto.from),
      nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null,
    };
  }
}

/** Audit ids are a sequence: the cursor is the last id seen, and the next page is everything below it. */
function decodeAuditCursor(cursor: string): bigint {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,18}$/.test(id)) {
    throw new DomainError('invalid', 'REQUEST.INVALID_CURSOR', 'The cursor is not one this API handed out');
  }
  return BigInt(id);
}
