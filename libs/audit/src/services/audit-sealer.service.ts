import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { GENESIS_HASH, verifySeal, type VerifyFinding } from '../domain/audit-seal';
import { AuditSealRepository, SEAL_BATCH } from '../repositories/audit-seal.repository';

/** How often every hub tries to seal; one at a time wins the advisory lock. */
export const SEAL_INTERVAL_MS = 5_000;

export interface AuditVerifyReport {
  ok: boolean;
  seals: number;
  sealedRows: number;
  /** Rows written since the last seal (not yet tamper-evident). */
  unsealedRows: number;
  finding: VerifyFinding | null;
}

/**
 * Tamper evidence without serialising writers: rows are inserted freely (init audits on the hot path), and every
 * few seconds one hub hash-chains the committed, unsealed rows in id order. Verify recomputes the chain from the
 * database as it is and names the first edited row or the deleted one.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly seals: AuditSealRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sealPending()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'audit sealing failed; retrying next round'),
        )
        .finally(() => (this.running = undefined));
    }, SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Seals everything waiting, a batch at a time; returns the rows sealed. */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.seals.sealNextBatch();
      total += sealed;
      if (sealed < SEAL_BATCH) return total;
    }
  }

  async verify(): Promise<AuditVerifyReport> {
    let prevHash = GENESIS_HASH;
    let afterId = 0n;
    let seals = 0;
    let sealedRows = 0;
    for (;;) {
      const page = await this.seals.seals(afterId, 50);
      for (const seal of page) {
        const finding = verifySeal(seal, await this.seals.rowsOf(seal), prevHash);
        if (finding) {
          return { ok: false, seals, sealedRows, unsealedRows: await this.seals.unsealedCount(), finding };
        }
        prevHash = seal.hash;
        afterId = seal.id;
        seals += 1;
        sealedRows += seal.rowIds.length;
      }
      if (page.length < 50) break;
    }
    return { ok: true, seals, sealedRows, unsealedRows: await this.seals.unsealedCount(), finding: null };
  }
}
