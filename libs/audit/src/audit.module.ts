import { Global, Module } from '@nestjs/common';
import { AuditLog } from './services/audit-log';
import { AuditSealRepository } from './repositories/audit-seal.repository';
import { AuditSealer } from './services/audit-sealer.service';
import { AuditRepository } from './repositories/audit.repository';

@Global()
@Module({
  providers: [AuditRepository, AuditLog, AuditSealRepository, AuditSealer],
  exports: [AuditLog, AuditSealer],
})
export class AuditModule {}
