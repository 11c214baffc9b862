import type { Clock } from '@landfall/common';
import type { CredentialIssuer, CredentialRequest, ScopedCredentials } from '../domain/scoped-credentials';

/**
 * Local embedded mode only (the laptop's s3rver has no STS): hands out the store's own keys, unscoped. Config
 * validation refuses it in production; the module logs a loud warning when it is chosen.
 */
export class StaticCredentialIssuer implements CredentialIssuer {
  readonly kind = 'static' as const;

  constructor(
    private readonly keys: { accessKeyId: string; secretAccessKey: string },
    private readonly clock: Clock,
  ) {}

  async issue(request: CredentialRequest): Promise<ScopedCredentials> {
    return {
      accessKeyId: this.keys.accessKeyId,
      secretAccessKey: this.keys.secretAccessKey,
      sessionToken: null,
      expiration: new Date(this.clock.now() + request.durationSeconds * 1000),
    };
  }
}
