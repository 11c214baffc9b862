export { AuditModule } from './audit.module';
export type { Actor } from './domain/actor';
export type { AuditActorType, AuditEventInput } from './domain/audit-event';
export { type AuditEventRecord, AuditRepository } from './repositories/audit.repository';
export { AuditLog } from './services/audit-log';
export { AuditSealer, type AuditVerifyReport } from './services/audit-sealer.service';
export { recordPlacementChange, writeAudit, writeAuditMany } from './services/audit-transaction';
