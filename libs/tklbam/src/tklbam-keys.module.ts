import { Module } from '@nestjs/common';
import { AuditModule } from '@landfall/audit';

import { TklbamKeysService } from './services/tklbam-keys.service';
import { TklbamKeysRepository } from './repositories/tklbam-keys.repository';

/** Issuing and revoking TKLBAM keys alone (no HTTP, placement or storage): what the ops CLI needs. */
@Module({
  imports: [AuditModule],
  providers: [TklbamKeysRepository, TklbamKeysService],
  exports: [TklbamKeysService],
})
export class TklbamKeysModule {}
