import { Injectable } from '@nestjs/common';
import { assertNoSecrets, type AuditEventInput } from '../domain/audit-event';
import { AuditRepository } from '../repositories/audit.repository';

const MAX_BATCH = 500;

interface Pending {
  event: AuditEventInput;
  done: (error?: Error) => void;
}

/**
 * The audit trail. `record` resolves once the event is stored, so a request never answers before its event is
 * written. Events recorded while a write is in flight are written together next (group commit): under load one
 * INSERT carries many events instead of one round trip each. Refuses anything that looks like a secret.
 */
@Injectable()
export class AuditLog {
  private queue: Pending[] = [];
  private writing = false;

  constructor(private readonly repository: AuditRepository) {}

  record(event: AuditEventInput): Promise<void> {
    try {
      assertNoSecrets(event);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.repository.appendMany(batch.map((p) => p.event));
          for (const p of batch) p.done();
        } catch (error) {
          const reason = error instanceof Error ? error : new Error('audit write failed', { cause: error });
          for (const p of batch) p.done(reason);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
