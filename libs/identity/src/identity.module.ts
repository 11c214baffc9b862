import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CLOCK, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyStrategy } from './auth/api-key.strategy';
import { FAILED_AUTH_LIMITER } from './auth/auth.tokens';
import { FailedAuthLimiter } from './auth/failed-auth-limiter';
import { KeyUsageRecorder } from './auth/key-usage.recorder';
import { FirstRunRepository } from './first-run.repository';
import { FirstRunService } from './first-run.service';
import { ApiKeyAdminService } from './keys/api-key-admin.service';
import { ApiKeyRepository } from './keys/api-key.repository';
import { ApiKeysAdminController } from './keys/api-keys.admin.controller';

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
