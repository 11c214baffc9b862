import { gzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestHub } from '../../support/test-hub';

/** What an agent sees of an answer: JSON on 200/201/204, else the `Name:Description` split pycurl_wrapper makes. */
export interface AgentAnswer<T = unknown> {
  status: number;
  contentType: string | undefined;
  body: T;
  error?: { name: string; description: string };
  raw: string;
}

/**
 * Speaks to the hub exactly as TKLBAM's hub.py over pycurl_wrapper does: `Accept: application/json`; GET attributes
 * in the query string; POST as a form; PUT as a form body sent in curl's upload mode (no Content-Type) with an empty
 * `Expect:`; the subkey in a `subkey` header; paths with trailing slashes under /api/backup/.
 */
export class TklbamAgent {
  constructor(
    private readonly app: NestFastifyApplication,
    readonly subkey: string | null = null,
    readonly remoteAddress = '127.0.0.1',
  ) {}

  static of(hub: TestHub, subkey: string | null = null, remoteAddress?: string): TklbamAgent {
    return new TklbamAgent(hub.app, subkey, remoteAddress);
  }

  withSubkey(subkey: string | null): TklbamAgent {
    return new TklbamAgent(this.app, subkey, this.remoteAddress);
  }

  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    uri: string,
    attrs: Record<string, string> = {},
    extraHeaders: Record<string, string> = {},
  ): Promise<AgentAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (this.subkey !== null) headers.subkey = this.subkey;
    const form = new URLSearchParams(attrs).toString();
    let url = `/api/backup/${uri}`;
    let payload: string | undefined;
    if (method === 'GET') {
      if (form) url += `?${form}`;
    } else {
      payload = form;
      if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await this.app.inject({ method, url, headers, payload, remoteAddress: this.remoteAddress });
    const contentType = res.headers['content-type'] as string | undefined;
    if ([200, 201, 204].includes(res.statusCode)) {
      return { status: res.statusCode, contentType, body: JSON.parse(res.body) as T, raw: res.body };
    }
    const at = res.body.indexOf(':');
    return {
      status: res.statusCode,
      contentType,
      body: undefined as T,
      raw: res.body,
      error: { name: res.body.slice(0, at), description: res.body.slice(at + 1) },
    };
  }

  async linkWith(apikey: string): Promise<TklbamAgent> {
    const res = await this.request<{ subkey: string }>('GET', 'subkey/', { apikey });
    if (res.status !== 200) throw new Error(`subkey/ failed: ${res.raw}`);
    return this.withSubkey(res.body.subkey);
  }
}

export interface RecordJson {
  backup_id: string;
  address: string;
  key: string;
  server_id: string | null;
  turnkey_version: string;
  description: string;
  size: number;
  date_created: string;
  date_updated: string | null;
  sessions: unknown[];
}

export interface CredentialsJson {
  type: string;
  accesskey: string;
  secretkey: string;
  sessiontoken: string;
  expiration: string;
}

/** A TKLBAM key issued through the admin API, for a fresh account. */
export async function anAccountWithTklbamKey(
  hub: TestHub,
  adminKey: string,
  accountId?: string,
): Promise<{ accountId: string; apikey: string; keyId: string; uid: number }> {
  const account =
    accountId ??
    (await hub.prisma.account.create({ data: { name: `tkl-${Date.now().toString(36)}${Math.random()}` } }))
      .id;
  const res = await hub.app.inject({
    method: 'POST',
    url: `/admin/v1/accounts/${account}/tklbam-keys`,
    headers: { authorization: `Bearer ${adminKey}` },
    payload: { label: 'test' },
  });
  if (res.statusCode !== 201) throw new Error(`issuing a TKLBAM key failed: ${res.body}`);
  const body = res.json<{ id: string; uid: number; apiKey: string }>();
  return { accountId: account, apikey: body.apiKey, keyId: body.id, uid: body.uid };
}

/** A tiny but real tar.gz (one empty gzip member is enough for the hub: it checks the gzip magic only). */
export function aGzip(content = 'profile'): Buffer {
  return gzipSync(Buffer.from(content));
}
