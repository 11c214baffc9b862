import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { countSdkCalls } from '@landfall/storage';
import {
  buildSessionPolicy,
  SESSION_POLICY_MAX_CHARS,
  SessionPolicyTooLargeError,
} from '../domain/session-policy';
import type { CredentialIssuer, CredentialRequest, ScopedCredentials } from '../domain/scoped-credentials';
import { stsEndpointFor } from '../domain/sts-endpoint';

export interface StsSettings {
  roleArn: string;
  /** Overrides the per-region default (see stsEndpointFor). */
  endpoint?: string;
  accessKeyId: string;
  secretAccessKey: string;
  requestTimeoutMs: number;
}

/** The STS adapter: AssumeRole with an inline session policy scoped to one backup's prefix. */
export class StsCredentialIssuer implements CredentialIssuer {
  readonly kind = 'sts' as const;
  private readonly clients = new Map<string, STSClient>();

  constructor(private readonly settings: StsSettings) {}

  async issue(request: CredentialRequest): Promise<ScopedCredentials> {
    const policy =
      request.sessionPolicy ?? buildSessionPolicy({ bucket: request.bucket, prefix: request.prefix });
    if (policy.length > SESSION_POLICY_MAX_CHARS) throw new SessionPolicyTooLargeError(policy.length);
    const out = await this.client(request.region, request.s3Endpoint).send(
      new AssumeRoleCommand({
        RoleArn: this.settings.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        Policy: policy,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new Error('STS AssumeRole answered without credentials');
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(region: string, s3Endpoint: string): STSClient {
    const endpoint = stsEndpointFor(region, s3Endpoint, this.settings.endpoint);
    const key = `${endpoint}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new STSClient({
        endpoint,
        region,
        credentials: {
          accessKeyId: this.settings.accessKeyId,
          secretAccessKey: this.settings.secretAccessKey,
        },
        maxAttempts: 1,
        requestHandler: {
          requestTimeout: this.settings.requestTimeoutMs,
          connectionTimeout: this.settings.requestTimeoutMs,
        },
      });
      countSdkCalls(client, 'sts', region);
      this.clients.set(key, client);
    }
    return client;
  }
}
