import { describe, expect, it } from 'vitest';
import { roleSessionName } from './role-session-name';
import { buildSessionPolicy, SESSION_POLICY_MAX_CHARS, SessionPolicyTooLargeError } from './session-policy';
import { stsEndpointFor } from './sts-endpoint';

describe(buildSessionPolicy.name, () => {
  it('allows object actions under the prefix and listing only below it', () => {
    const sut = JSON.parse(buildSessionPolicy({ bucket: 'lf-us-east-1', prefix: 'acct/backup' }));
    expect(sut.Statement[0].Resource).toEqual(['arn:aws:s3:::lf-us-east-1/acct/backup/*']);
    expect(sut.Statement[0].Action).toEqual([
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
    ]);
    expect(sut.Statement[1]).toMatchObject({
      Action: ['s3:ListBucket'],
      Resource: ['arn:aws:s3:::lf-us-east-1'],
      Condition: { StringLike: { 's3:prefix': ['acct/backup/*', 'acct/backup/'] } },
    });
    expect(JSON.stringify(sut)).not.toMatch(/s3:\*|"\*"/);
  });

  it('fits the session-policy limit for the longest bucket and prefix Landfall makes', () => {
    const longest = buildSessionPolicy({
      bucket: 'b'.repeat(63),
      prefix: `${'a'.repeat(36)}/${'c'.repeat(36)}`,
    });
    expect(longest.length).toBeLessThanOrEqual(SESSION_POLICY_MAX_CHARS);
  });

  it('refuses, with a typed error, a policy STS would reject', () => {
    expect(() => buildSessionPolicy({ bucket: 'b', prefix: 'p'.repeat(1000) })).toThrow(
      SessionPolicyTooLargeError,
    );
  });
});

describe(roleSessionName.name, () => {
  it('names appliance and backup within 64 characters of the allowed set', () => {
    const sut = roleSessionName(
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    );
    expect(sut).toBe('lf-0f8fad5bd9cb469fa16570867728950e-7c9e6679742540de944be07f');
    expect(sut.length).toBeLessThanOrEqual(64);
    expect(sut).toMatch(/^[\w+=,.@-]+$/);
  });
});

describe(stsEndpointFor.name, () => {
  it('prefers the configured endpoint, then AWS regional STS, then the gateway itself', () => {
    expect(stsEndpointFor('eu-west-1', 'https://s3.eu-west-1.amazonaws.com', 'https://sts.example')).toBe(
      'https://sts.example',
    );
    expect(stsEndpointFor('eu-west-1', 'https://s3.eu-west-1.amazonaws.com')).toBe(
      'https://sts.eu-west-1.amazonaws.com',
    );
    expect(stsEndpointFor('us-east-1', 'http://127.0.0.1:7491')).toBe('http://127.0.0.1:7491');
  });
});
