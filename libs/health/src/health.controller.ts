import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { METRICS } from '@landfall/common';
import { Public } from '@landfall/identity';
import { ReadinessService } from './readiness.service';

/** `/readyz` and `/metrics`; `/healthz` is a plain Fastify route (liveness.ts). */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('readyz')
  @ApiOperation({
    summary: 'Readiness: database, GeoIP database and every configured S3 endpoint',
    description:
      'Anyone may ask, so the answer is only `{ "ready": true|false }`: which dependency failed, file paths ' +
      'and endpoints are at `GET /admin/v1/readiness` (scope `health:read`).',
  })
  @ApiOkResponse({ description: 'Every dependency is up: `{ "ready": true }`' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down: `{ "ready": false }`' })
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ ready: boolean }> {
    const report = await this.readiness.report();
    void reply.status(report.ready ? 200 : 503);
    return { ready: report.ready };
  }

  @Get('metrics')
  @Header('content-type', METRICS.contentType)
  @ApiOperation({
    summary:
      'Prometheus metrics (HTTP latency, inits, STS/S3 calls, auth, migrations, GeoIP, index, process)',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  metrics(): Promise<string> {
    return METRICS.render();
  }
}
