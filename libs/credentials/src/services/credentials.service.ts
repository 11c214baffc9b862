import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CREDENTIAL_REVOKER, DomainError, retryWithinBudget, type CredentialRevoker } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { isTransientAwsFailure } from '@landfall/storage';
import { CredentialCache, type CachedCredentials } from './credential-cache';
import { CREDENTIAL_CACHE } from './credentials.tokens';
import { roleSessionName } from '../domain/role-session-name';
import {
  CREDENTIAL_ISSUER,
  type CredentialIssuer,
  type CredentialRequest,
} from '../domain/scoped-credentials';

/** What credentials are for: one backup's prefix in its region's bucket. */
export interface BackupScope {
  backupId: string;
  applianceId: string;
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string;
}

/**
 * What credentials are for when the caller builds the session policy (TKLBAM: a whole account's prefixes).
 * `cacheKey` must change whenever the policy does.
 */
export interface PolicyCredentialScope {
  cacheKey: string;
  sessionName: string;
  sessionPolicy: string;
  /** Where to call STS (credentials minted there must work on every endpoint the policy names). */
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
    @Optional() @Inject(CREDENTIAL_REVOKER) private readonly revoker?: CredentialRevoker,
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
    return this.cached(cacheKey, request, options.forceRefresh, { backupId: scope.backupId });
  }

  /** Credentials under a caller-built session policy; cached and single-flight like `forBackup`. */
  async forSessionPolicy(scope: PolicyCredentialScope): Promise<CachedCredentials> {
    const request = {
      bucket: '',
      prefix: '',
      region: scope.region,
      s3Endpoint: scope.endpoint,
      sessionName: scope.sessionName,
      durationSeconds: this.config.credentials.ttlSeconds,
      sessionPolicy: scope.sessionPolicy,
    };
    return this.cached(`policy|${scope.cacheKey}`, request, false, { scope: scope.cacheKey });
  }

  private async cached(
    cacheKey: string,
    request: CredentialRequest,
    forceRefresh: boolean | undefined,
    logContext: Record<string, string>,
  ): Promise<CachedCredentials> {
    const notIssuedBefore = (await this.revoker?.latestRevocationAt()) ?? 0;
    try {
      return await this.cache.get(
        cacheKey,
        () =>
          retryWithinBudget(() => this.issuer.issue(request), {
            budgetMs: this.config.upstream.retryBudgetMs,
            isTransient: isTransientAwsFailure,
          }),
        forceRefresh,
        notIssuedBefore,
      );
    } catch (error) {
      if (isTransientAwsFailure(error)) {
        this.logger.warn({ err: error, ...logContext }, 'credential issuer unavailable');
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
