import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditSealRepository } from './audit-seal.repository';
import { AuditSealer } from './audit-sealer.service';
import { AuditRepository } from './audit.repository';

@Global()
@Module({
  providers: [AuditRepository, AuditLog, AuditSealRepository, AuditSealer],
  exports: [AuditLog, AuditSealer],
})
export class AuditModule {}
