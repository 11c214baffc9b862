import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CLOCK, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { ApiKeyAuthenticator } from './services/api-key-authenticator';
import { ApiKeyGuard } from './controllers/api-key.guard';
import { ApiKeyStrategy } from './services/api-key.strategy';
import { FAILED_AUTH_LIMITER } from './services/auth.tokens';
import { FailedAuthLimiter } from './services/failed-auth-limiter';
import { KeyUsageRecorder } from './services/key-usage.recorder';
import { FirstRunRepository } from './repositories/first-run.repository';
import { FirstRunService } from './services/first-run.service';
import { ApiKeyAdminService } from './services/api-key-admin.service';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { ApiKeysAdminController } from './controllers/api-keys.admin.controller';

/** API keys: minting, authentication (the global guard), usage tracking and the admin keys API. */
@Module({
  controllers: [ApiKeysAdminController],
  providers: [
    FirstRunRepository,
    FirstRunService,
    ApiKeyRepository,
    ApiKeyAuthenticator,
    ApiKeyStrategy,
    KeyUsageRecorder,
    ApiKeyAdminService,
    {
      provide: FAILED_AUTH_LIMITER,
      useFactory: (config: AppConfig, clock: Clock) =>
        new FailedAuthLimiter(
          { limit: config.auth.failureLimit, windowSeconds: config.auth.failureWindowSeconds },
          clock,
        ),
      inject: [APP_CONFIG, CLOCK],
    },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [FirstRunService, ApiKeyAuthenticator, FAILED_AUTH_LIMITER],
})
export class IdentityModule {}
