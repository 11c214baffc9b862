import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, retryWithinBudget } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { isTransientStorageFailure } from '@landfall/storage';
import { CredentialCache, type CachedCredentials } from './credential-cache';
import { CREDENTIAL_CACHE } from './credentials.tokens';
import { roleSessionName } from './role-session-name';
import { CREDENTIAL_ISSUER, type CredentialIssuer } from './scoped-credentials';

/** What credentials are for: one backup's prefix in its region's bucket. */
export interface BackupScope {
  backupId: string;
  applianceId: string;
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string;
}

/** Hands out scoped credentials for a backup: cached, single-flight, retried within a budget when STS falters. */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);

  constructor(
    @Inject(CREDENTIAL_ISSUER) private readonly issuer: CredentialIssuer,
    @Inject(CREDENTIAL_CACHE) private readonly cache: CredentialCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get provider(): 'sts' | 'static' {
    return this.issuer.kind;
  }

  async forBackup(scope: BackupScope, options: { forceRefresh?: boolean } = {}): Promise<CachedCredentials> {
    const request = {
      bucket: scope.bucket,
      prefix: scope.prefix,
      region: scope.region,
      s3Endpoint: scope.endpoint,
      sessionName: roleSessionName(scope.applianceId, scope.backupId),
      durationSeconds: this.config.credentials.ttlSeconds,
    };
    const cacheKey = `${scope.backupId}|${scope.bucket}/${scope.prefix}`;
    try {
      return await this.cache.get(
        cacheKey,
        () =>
          retryWithinBudget(() => this.issuer.issue(request), {
            budgetMs: this.config.upstream.retryBudgetMs,
            isTransient: isTransientStorageFailure,
          }),
        options.forceRefresh,
      );
    } catch (error) {
      if (isTransientStorageFailure(error)) {
        this.logger.warn({ err: error, backupId: scope.backupId }, 'credential issuer unavailable');
        throw new DomainError(
          'unavailable',
          'CREDENTIALS.UNAVAILABLE',
          'The credential service is unavailable; retry later',
          { retryAfterSeconds: 5, cause: error },
        );
      }
      throw error;
    }
  }
}
