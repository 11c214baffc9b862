import { Module } from '@nestjs/common';
import { AuditRepository } from '@landfall/audit';
import { AuditEventsController } from './controllers/audit-events.admin.controller';
import { AuditVerifyController } from './controllers/audit-verify.admin.controller';

/** The audit trail's read side for the admin API (the write side, AuditLog, is global). */
@Module({ controllers: [AuditEventsController, AuditVerifyController], providers: [AuditRepository] })
export class AuditAdminModule {}
