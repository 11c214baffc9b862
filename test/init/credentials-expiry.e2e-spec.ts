import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@landfall/config';
import { StsCredentialIssuer, roleSessionName } from '@landfall/credentials';
import type { TestHub } from '../support/test-hub';
import { anAppliance, bearer } from './support/fixtures';
import { setGatewayOption } from './support/gateway-control';
import { agentS3, gatewayOrSkip, startInitHub, statusOf } from './support/init-hub';

const gateway = gatewayOrSkip();

/**
 * STS refuses durations under 900 s (Ceph's rgw_sts_min_session_duration, AWS's floor), and so does our config.
 * To watch credentials expire within a test, the gateway's floor is lowered to 5 s through its admin socket and the
 * hub's own STS adapter is asked for 5-second credentials with the same session policy the hub sends.
 */
describe.skipIf(!gateway)('credential expiry on the real gateway', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startInitHub();
    await setGatewayOption(gateway!, 'rgw_sts_min_session_duration', '5');
  });
  afterAll(async () => {
    await setGatewayOption(gateway!, 'rgw_sts_min_session_duration', '900').catch(() => undefined);
    await hub?.close();
  });

  it('refuses credentials once they have expired', async () => {
    const a = await anAppliance(hub.prisma);
    const { backup } = (
      await hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} })
    ).json();
    const issuer = new StsCredentialIssuer({
      roleArn: gateway!.roleArn,
      accessKeyId: gateway!.broker.accessKeyId,
      secretAccessKey: gateway!.broker.secretAccessKey,
      requestTimeoutMs: 5000,
    });
    const short = await issuer.issue({
      bucket: backup.bucket,
      prefix: backup.prefix,
      region: backup.region,
      s3Endpoint: backup.endpoint,
      sessionName: roleSessionName(a.applianceId, backup.id),
      durationSeconds: 5,
    });
    issuer.destroy();
    expect(short.expiration.getTime() - Date.now()).toBeLessThanOrEqual(6000);
    const s3 = agentS3(backup.endpoint, backup.region, short);
    const put = (key: string) =>
      s3.send(new PutObjectCommand({ Bucket: backup.bucket, Key: `${backup.prefix}/${key}`, Body: 'x' }));

    expect(await statusOf(put('before-expiry.txt'))).toBe(200);
    await new Promise((r) => setTimeout(r, short.expiration.getTime() - Date.now() + 2000));
    expect(await statusOf(put('after-expiry.txt'))).toBe(403);
  });

  it('refuses a duration below the provider minimum at configuration time', async () => {
    expect(() => loadConfig({ CREDENTIAL_TTL_SECONDS: '5' })).toThrow(ConfigError);
  });
});
