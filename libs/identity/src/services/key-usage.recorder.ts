import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '@landfall/common';
import { ApiKeyRepository } from '../repositories/api-key.repository';

const FLUSH_EVERY_MS = 60_000;

/**
 * Remembers which keys were used and writes their last-used time in one statement a minute (and at shutdown):
 * a key's `last_used_at` is at most a minute stale, and a busy agent costs no write per request.
 */
@Injectable()
export class KeyUsageRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyUsageRecorder.name);
  private pending = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  noteUse(keyId: string): void {
    this.pending.set(keyId, this.clock.now());
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const newest = Math.max(...batch.values());
    try {
      await this.keys.recordUsage([...batch.keys()], new Date(newest));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record API key usage');
    }
  }
}
