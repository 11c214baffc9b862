import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

const REMOTE = {
  S3_ACCESS_KEY_ID: 'AK',
  S3_SECRET_ACCESS_KEY: 'SK',
  STS_ACCESS_KEY_ID: 'BROKER',
  STS_SECRET_ACCESS_KEY: 'BS',
};
const ROLE = 'arn:aws:iam::123456789012:role/landfall-agents';

describe('agent init configuration', () => {
  it('defaults to static credentials in local mode and STS in remote mode', () => {
    expect(loadConfig({}).credentials.provider).toBe('static');
    const remote = loadConfig({ ...REMOTE, STS_ROLE_ARN: ROLE });
    expect(remote.credentials).toMatchObject({ provider: 'sts', roleArn: ROLE, ttlSeconds: 3600 });
    expect(remote.buckets).toEqual({ blockPublicAccess: true, defaultEncryption: true, requireTls: false });
    expect(remote.credentials).toMatchObject({ brokerAccessKeyId: 'BROKER', brokerSecretAccessKey: 'BS' });
  });

  it('needs a role ARN for STS', () => {
    expect(problems({ ...REMOTE })).toMatch(/STS_ROLE_ARN/);
  });

  it('needs a broker key pair for STS, and refuses the bucket owner as the broker', () => {
    expect(problems({ ...REMOTE, STS_ROLE_ARN: ROLE, STS_ACCESS_KEY_ID: '' })).toMatch(
      /STS_ACCESS_KEY_ID: CREDENTIALS_PROVIDER=sts needs STS_ACCESS_KEY_ID and STS_SECRET_ACCESS_KEY/,
    );
    expect(problems({ ...REMOTE, STS_ROLE_ARN: ROLE, STS_ACCESS_KEY_ID: 'AK' })).toMatch(
      /STS_ACCESS_KEY_ID: must not be the bucket owner/,
    );
    expect(problems({ ...REMOTE, STS_ROLE_ARN: ROLE, BUCKET_OWNER_ARN: 'hub' })).toMatch(/BUCKET_OWNER_ARN/);
    expect(
      loadConfig({ ...REMOTE, STS_ROLE_ARN: ROLE, BUCKET_OWNER_ARN: 'arn:aws:iam:::user/hub' }).buckets
        .ownerArn,
    ).toBe('arn:aws:iam:::user/hub');
  });

  it('refuses static credentials in production', () => {
    expect(
      problems({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x/y',
        ...REMOTE,
        CREDENTIALS_PROVIDER: 'static',
      }),
    ).toMatch(/CREDENTIALS_PROVIDER: static credentials .* refused in production/);
  });

  it('keeps the credential lifetime within what STS accepts', () => {
    expect(problems({ CREDENTIAL_TTL_SECONDS: '899' })).toMatch(/CREDENTIAL_TTL_SECONDS/);
    expect(problems({ CREDENTIAL_TTL_SECONDS: '43201' })).toMatch(/CREDENTIAL_TTL_SECONDS/);
    expect(problems({ CREDENTIAL_REFRESH_FRACTION: '1' })).toMatch(/CREDENTIAL_REFRESH_FRACTION/);
  });
});

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}
