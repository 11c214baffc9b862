import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from './audit-event';
import { AuditRepository } from './audit.repository';

const SECRET_FIELDS = /secret|sessiontoken|plaintext|password/i;

/** The audit trail. Refuses to store anything that looks like a secret, so a careless caller cannot leak one. */
@Injectable()
export class AuditLog {
  constructor(private readonly repository: AuditRepository) {}

  async record(event: AuditEventInput): Promise<void> {
    for (const part of [event.before, event.after]) {
      const leaked = part && Object.keys(part).find((k) => SECRET_FIELDS.test(k));
      if (leaked) throw new Error(`audit event ${event.action} must not carry the secret field "${leaked}"`);
    }
    await this.repository.append(event);
  }
}
