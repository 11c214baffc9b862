import { describe, expect, it } from 'vitest';
import { StaticCredentialIssuer } from './static-credential-issuer';

describe(StaticCredentialIssuer.name, () => {
  it("hands out the store's own keys, without a session token, expiring after the requested duration", async () => {
    const sut = new StaticCredentialIssuer(
      { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      { now: () => 1_000 },
    );
    const issued = await sut.issue({
      bucket: 'b',
      prefix: 'a/b',
      region: 'us-east-1',
      s3Endpoint: 'http://127.0.0.1:1',
      sessionName: 'lf-x',
      durationSeconds: 900,
    });
    expect(issued).toEqual({
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      sessionToken: null,
      expiration: new Date(901_000),
    });
    expect(sut.kind).toBe('static');
  });
});
