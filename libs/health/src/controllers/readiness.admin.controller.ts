import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Admin } from '@landfall/identity';
import { ReadinessService, type ReadinessReport } from '../services/readiness.service';

/** The detail behind the public `/readyz`: which check failed, GeoIP files, endpoints. Admins only. */
@ApiTags('admin: health')
@Controller('admin/v1/readiness')
export class ReadinessAdminController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @Admin('health:read')
  @ApiOperation({
    summary: 'Readiness in detail: every check with its name and detail, and the GeoIP reload status',
    description: 'Always 200; `ready` says what the public `/readyz` answers (200 or 503).',
  })
  @ApiOkResponse({ description: '`{ ready, checks: [{ name, ok, detail? }], geoip }`' })
  report(): Promise<ReadinessReport> {
    return this.readiness.report();
  }
}
