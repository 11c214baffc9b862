import {
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { CLOCK, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { CredentialCache } from './services/credential-cache';
import { CredentialsService } from './services/credentials.service';
import { CREDENTIAL_CACHE } from './services/credentials.tokens';
import { CREDENTIAL_ISSUER, type CredentialIssuer } from './domain/scoped-credentials';
import { StaticCredentialIssuer } from './services/static-credential-issuer';
import { StsCredentialIssuer } from './services/sts-credential-issuer';

export interface HubStoreKeys {
  accessKeyId: string;
  secretAccessKey: string;
  requestTimeoutMs: number;
}

const MIN_REISSUE_MS = 30_000;

@Module({})
export class CredentialsModule {
  /** `storeKeys` are the hub's own S3 keys: STS is called with them, and the static provider hands them out. */
  static forRoot(storeKeys: HubStoreKeys): DynamicModule {
    const issuer: Provider = {
      provide: CREDENTIAL_ISSUER,
      useFactory: (config: AppConfig, clock: Clock): CredentialIssuer => {
        if (config.credentials.provider === 'static') {
          new Logger('Credentials').warn(
            'CREDENTIALS_PROVIDER=static: agents receive the object store’s OWN keys, unscoped. ' +
              'This is for the local embedded store only and is refused in production.',
          );
          return new StaticCredentialIssuer(storeKeys, clock);
        }
        return new StsCredentialIssuer({
          roleArn: config.credentials.roleArn!,
          endpoint: config.credentials.stsEndpoint,
          // The broker, never the bucket owner: a session is evaluated as the user that minted it.
          accessKeyId: config.credentials.brokerAccessKeyId!,
          secretAccessKey: config.credentials.brokerSecretAccessKey!,
          requestTimeoutMs: storeKeys.requestTimeoutMs,
        });
      },
      inject: [APP_CONFIG, CLOCK],
    };
    return {
      module: CredentialsModule,
      global: true,
      providers: [
        issuer,
        {
          provide: CREDENTIAL_CACHE,
          useFactory: (config: AppConfig, clock: Clock) =>
            new CredentialCache(
              { refreshFraction: config.credentials.refreshFraction, minReissueMs: MIN_REISSUE_MS },
              clock,
            ),
          inject: [APP_CONFIG, CLOCK],
        },
        CredentialsService,
        {
          provide: IssuerCloser,
          useFactory: (i: CredentialIssuer) => new IssuerCloser(i),
          inject: [CREDENTIAL_ISSUER],
        },
      ],
      exports: [CredentialsService],
    };
  }
}

class IssuerCloser implements OnApplicationShutdown {
  constructor(private readonly issuer: CredentialIssuer) {}
  onApplicationShutdown(): void {
    if (this.issuer instanceof StsCredentialIssuer) this.issuer.destroy();
  }
}
