import { Global, Module } from '@nestjs/common';
import { CLOCK, systemClock } from './domain/clock';

/**
 * The one clock of a process, provided once by its composition root (hub, worker). Leases are timed by the
 * database's `now()` (one clock for every worker); everything else a process decides with time reads `CLOCK`.
 */
@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
export class ClockModule {}
