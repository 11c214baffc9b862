import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';

import { IdentityModule } from '@landfall/identity';
import { TklbamKeysAdminController } from './controllers/tklbam-keys.admin.controller';
import { TklbamProfilesAdminController } from './controllers/tklbam-profiles.admin.controller';
import { TklbamSubkeyGuard } from './controllers/tklbam-caller';
import { TklbamController } from './controllers/tklbam.controller';
import { TklbamWireHooks } from './controllers/tklbam-wire';
import { TklbamAuthService } from './services/tklbam-auth.service';
import { TklbamCredentialsService } from './services/tklbam-credentials.service';
import { TklbamKeysService } from './services/tklbam-keys.service';
import { TklbamProfilesService } from './services/tklbam-profiles.service';
import { TklbamRecordsService } from './services/tklbam-records.service';
import { TklbamKeysRepository } from './repositories/tklbam-keys.repository';
import { TklbamProfilesRepository } from './repositories/tklbam-profiles.repository';
import { TklbamRecordsRepository } from './repositories/tklbam-records.repository';

/**
 * TurnKey TKLBAM compatibility (docs/tklbam.md): the TurnKey Hub backup API at /api/backup/ over Landfall's accounts,
 * appliances, backups, placement and credentials, plus the admin API for TKLBAM keys and backup profiles. Needs the
 * hub to build Fastify with `rewriteUrl: rewriteTklbamUrl`.
 */
const metadata = {
  controllers: [TklbamController, TklbamKeysAdminController, TklbamProfilesAdminController],
  providers: [
    TklbamWireHooks,
    TklbamKeysRepository,
    TklbamRecordsRepository,
    TklbamProfilesRepository,
    TklbamAuthService,
    TklbamSubkeyGuard,
    TklbamCredentialsService,
    TklbamRecordsService,
    TklbamProfilesService,
    TklbamKeysService,
  ],
  exports: [TklbamKeysService],
} satisfies ModuleMetadata;

@Module({})
export class TklbamModule {
  /**
   * `imports` must provide PLACEMENT (libs/placement's PlacementModule) and the hub's own BackupsModule instance (pass
   * the very object its `forRoot` returned: Nest identifies dynamic modules by reference, so a second `forRoot` would
   * mount the backups routes twice).
   */
  static forRoot(options: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return { module: TklbamModule, imports: [IdentityModule, ...options.imports], ...metadata };
  }
}
