import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect } from 'vitest';
import type { ApplianceFixture } from '../../init/support/fixtures';
import { postInit, type IssuedCredentials } from '../../init/support/init-hub';
import type { TestHub } from '../../support/test-hub';

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 for the raw signer, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The attacker's own client: a hand-built request, signed with SigV4, sent with fetch. */
export async function raw(
  creds: IssuedCredentials,
  service: 's3' | 'sts' | 'sns',
  endpoint: string,
  region: string,
  method: string,
  path: string,
  options: { query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  const url = new URL(path, endpoint);
  const body = options.body ?? '';
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    ...options.headers,
  };
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken ?? undefined,
    },
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: options.query ?? {},
    headers,
    body,
  });
  const qs = new URLSearchParams(options.query ?? {}).toString();
  const res = await fetch(`${url.origin}${url.pathname}${qs ? `?${qs}` : ''}`, {
    method,
    headers: signed.headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  return { status: res.status, text: await res.text() };
}

export const form = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** What one init (or TKLBAM credentials/ call) hands an agent. */
export interface Issued {
  creds: IssuedCredentials;
  bucket: string;
  prefix: string;
  endpoint: string;
  region: string;
}

/** POST /v1/init as the appliance: its backup's place and the credentials for it. */
export async function initIssued(hub: TestHub, appliance: ApplianceFixture): Promise<Issued> {
  const res = await postInit(hub, appliance);
  expect(res.statusCode).toBe(200);
  const { backup, credentials } = res.json();
  return {
    creds: credentials,
    bucket: backup.bucket,
    prefix: backup.prefix,
    endpoint: backup.endpoint,
    region: backup.region,
  };
}
