import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@landfall/common';
import { Admin } from '@landfall/identity';
import { StatsDto, StatsQuery } from '../dto/stats.dto';
import { StatsRepository } from '../repositories/stats.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

const totals = (row: { backups: bigint; bytes: bigint | null; appliances: bigint }) => ({
  backups: Number(row.backups),
  bytes: Number(row.bytes ?? 0n),
  appliances: Number(row.appliances),
});

/**
 * Counts and totals for a dashboard. Read with `backups:read`: every figure is about live backups (and the
 * buckets and inits behind them), the family a backups dashboard already reads.
 */
@ApiTags('admin: backups')
@Controller('admin/v1/stats')
export class StatsController {
  constructor(
    private readonly repository: StatsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Admin('backups:read')
  @ApiOperation({
    summary:
      'Backups, bytes and appliances per region and per account; placement signals of the last 24 h; bucket readiness',
  })
  @ApiOkResponse({ type: StatsDto })
  async get(@Query() query: StatsQuery): Promise<StatsDto> {
    const now = this.clock.now();
    const rows = await this.repository.read(query.accounts ?? 100, new Date(now - DAY_MS));
    const regions = rows.regions.map((r) => ({
      code: r.code,
      status: r.status,
      ...totals(r),
      buckets: {
        ready: Number(r.ready),
        pending: Number(r.pending),
        writable: Number(r.writable),
        notWritable: Number(r.not_writable),
        unprobed: Number(r.unprobed),
      },
    }));
    return {
      totals: regions.reduce(
        (sum, r) => ({
          backups: sum.backups + r.backups,
          bytes: sum.bytes + r.bytes,
          appliances: sum.appliances + r.appliances,
        }),
        { backups: 0, bytes: 0, appliances: 0 },
      ),
      regions,
      accounts: rows.accounts.map((a) => ({ accountId: a.account_id, name: a.name, ...totals(a) })),
      accountsWithBackups: Number(rows.accounts[0]?.accounts ?? 0n),
      signalsLast24h: rows.signals.map((s) => ({ signal: s.signal, inits: Number(s.inits) })),
      at: new Date(now).toISOString(),
    };
  }
}
