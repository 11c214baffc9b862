import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import type { PrismaService } from '@landfall/persistence';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';
import { anAccountWithTklbamKey, TklbamAgent } from '../tklbam/support/tklbam-agent';
import { corpusFromOpenApi, type CorpusRequest, type OpenApiDocument } from './support/corpus-requests';
import { FORM_VALUES, PATH_VALUES } from './support/corpus-values';

/**
 * Issue #9 item 6: malformed input generated from the hub's own /docs/openapi.json (so new routes join by
 * themselves), the TKLBAM API at /api/backup/ (not in the document: its contract is the agent's hub.py), and raw
 * sockets for what Node's HTTP parser refuses. Never a 5xx; every refusal is the error envelope (TKLBAM: its
 * `Name:Description` text); a refused write changes no row.
 */

interface Tally {
  sent: number;
  fiveHundreds: number;
  problems: string[];
  rowChecks: number;
}

const tally: Tally = { sent: 0, fiveHundreds: 0, problems: [], rowChecks: 0 };

/** Every 4th refused write is checked against a fingerprint of every table (row checks cost a query each). */
const ROW_CHECK_EVERY = 4;

function problem(label: string, what: string): void {
  if (tally.problems.length < 40) tally.problems.push(`${label}: ${what}`);
}

function checkEnvelope(label: string, status: number, body: string, contentType: string | undefined): void {
  tally.sent += 1;
  if (status >= 500) {
    tally.fiveHundreds += 1;
    problem(label, `${status} ${body.slice(0, 200)}`);
    return;
  }
  if (status < 400) return;
  let parsed: { error?: { code?: unknown; message?: unknown }; requestId?: unknown } | undefined;
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const ok =
    /^application\/json/.test(contentType ?? '') &&
    typeof parsed?.error?.code === 'string' &&
    /^[A-Z][A-Za-z]*(\.[A-Z][A-Z0-9_]*)+$/.test(parsed.error.code) &&
    typeof parsed.error.message === 'string' &&
    typeof parsed.requestId === 'string';
  if (!ok) problem(label, `${status} not the envelope: ${contentType} ${body.slice(0, 200)}`);
}

function checkTklbamText(label: string, status: number, body: string, contentType: string | undefined): void {
  tally.sent += 1;
  if (status >= 500) {
    tally.fiveHundreds += 1;
    problem(label, `${status} ${body.slice(0, 200)}`);
    return;
  }
  if (status < 400) return;
  if (!/^text\/plain/.test(contentType ?? '') || !/^[A-Za-z][A-Za-z_.]*:\S.*$/.test(body)) {
    problem(label, `${status} not TKLBAM Name:Description text: ${contentType} ${body.slice(0, 200)}`);
  }
}

/**
 * Every row of every table of the test database, but for what background jobs write on their own schedule:
 * `last_used_at` (authenticating a key touches it), the audit sealer's `audit_seals` rows and `seal_id` marks, and
 * the in-process worker's `worker_heartbeats`. A refused request's audit row would still change `audit_events`.
 */
async function rowFingerprint(prisma: PrismaService): Promise<string> {
  const background = ['audit_seals', 'worker_heartbeats'];
  const tables = await prisma.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const row = "(to_jsonb(x) - 'last_used_at' - 'seal_id')::text";
  const parts = tables
    .filter(({ name }) => !background.includes(name))
    .map(
      ({ name }) =>
        `SELECT '${name}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') AS f FROM "${name}" x`,
    );
  const rows = await prisma.$queryRawUnsafe<Array<{ t: string; f: string }>>(parts.join(' UNION ALL '));
  return rows.map((r) => `${r.t}=${r.f}`).join(',');
}

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** One request written to a socket byte for byte; the answer read until the server closes or a full body came. */
function rawRequest(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: *([^\r\n]+)/i.exec(head)?.[1];
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1);
      const body = split < 0 ? '' : text.slice(split + 4);
      return { status, contentType, body: length >= 0 ? body.slice(0, length) : body, length };
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const answer = finish();
      if (answer.status && answer.length >= 0 && Buffer.byteLength(answer.body) >= answer.length) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (error) => {
      if (chunks.length > 0) resolve(finish());
      else reject(error);
    });
    socket.on('close', () => resolve(finish()));
    socket.write(bytes);
  });
}

describe('bad-input corpus: no 5xx, always the envelope, nothing half-written', () => {
  let hub: TestHub;
  let requests: CorpusRequest[] = [];
  let adminKey: string;
  let applianceKey: string;
  let tklbamAgent: TklbamAgent;
  let recordId: string;
  let agentBackupId: string;
  let port: number;

  beforeAll(async () => {
    hub = await startTestHub({ env: { BUCKET_PREFIX: `lfc-${uniqueSuffix()}` } });
    await useGatewayRegions(hub.prisma);
    await hub.app.get(PlacementStateService).rebuild();
    adminKey = await anAdminKey(hub.prisma);
    // Appliance A is the agent the /v1 routes are called as; appliance B is what admin routes act on, so
    // disabling or retiring it cannot turn A's requests into 403s before the corpus reaches validation.
    const agentA = await anAppliance(hub.prisma);
    applianceKey = agentA.key;
    const targetB = await anAppliance(hub.prisma);
    const spare = await anAppliance(hub.prisma, targetB.accountId);
    const gateway = Boolean((await hub.prisma.region.count({ where: { status: 'active' } })) > 0);
    const initOf = async (key: string) => {
      if (!gateway) return randomUUID();
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/init',
        headers: bearer(key),
        payload: {},
      });
      if (res.statusCode >= 300) throw new Error(`init failed: ${res.statusCode} ${res.body}`);
      return res.json<{ backup: { id: string } }>().backup.id;
    };
    const backupA = await initOf(agentA.key);
    agentBackupId = backupA;
    const backupB = await initOf(targetB.key);
    const admin = async (method: 'POST' | 'PUT', url: string, payload: object) => {
      const res = await hub.app.inject({ method, url, headers: bearer(adminKey), payload });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json<{ id?: string }>();
    };
    const zone = `corpus-${uniqueSuffix().slice(-6)}`;
    await admin('POST', '/admin/v1/regions', {
      code: zone,
      displayName: 'Corpus zone (never placed)',
      latitude: 0,
      longitude: 0,
      endpoint: 'http://127.0.0.1:9',
      status: 'disabled',
      weight: 0,
    });
    const override = await admin('POST', '/admin/v1/overrides', {
      scope: 'AQ',
      region: 'eu-west-1',
      reason: 'bad-input corpus',
    });
    const pin = await admin('POST', '/admin/v1/placement-pins', {
      target: 'account',
      targetId: targetB.accountId,
      region: 'eu-west-1',
      reason: 'bad-input corpus',
    });
    const tklbam = await anAccountWithTklbamKey(hub, adminKey, agentA.accountId);
    const spareTklbam = await anAccountWithTklbamKey(hub, adminKey, targetB.accountId);
    tklbamAgent = await TklbamAgent.of(hub).linkWith(tklbam.apikey);
    const created = gateway
      ? await tklbamAgent.request<{ backup_id: string }>('POST', 'record/create/', {
          key: 'corpus-key',
          turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
        })
      : undefined;
    recordId = created?.body?.backup_id ?? '1';

    const doc = (await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json<OpenApiDocument>();
    requests = corpusFromOpenApi(doc, {
      keys: { 'admin-key': adminKey, 'appliance-key': applianceKey },
      pathIds: {
        'v1/backups': backupA,
        'admin/v1/backups': backupB,
        'admin/v1/accounts': targetB.accountId,
        'admin/v1/appliances': targetB.applianceId,
        'admin/v1/keys': spare.keyId,
        'admin/v1/tklbam-keys': spareTklbam.keyId,
        'admin/v1/overrides': override.id!,
        'admin/v1/placement-pins': pin.id!,
        'admin/v1/regions': zone,
        'admin/v1/profiles': 'turnkey-corpus-0.0',
      },
      // Valid variants must not move anything real: migrations target a region that does not exist, new
      // regions are never placed, overrides and pins name a gateway region.
      fieldValues: {
        targetRegion: 'zz-nowhere-9',
        status: 'disabled',
        weight: 0,
        endpoint: 'http://127.0.0.1:9',
        region: 'eu-west-1',
        targetId: targetB.accountId,
        accountId: targetB.accountId,
        applianceId: targetB.applianceId,
        kind: 'admin',
        scopes: ['backups:read'],
      },
    });

    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    port = (hub.app.getHttpServer().address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    console.log(
      `bad-input corpus: ${tally.sent} requests sent, ${tally.fiveHundreds} answered 5xx, ` +
        `${tally.rowChecks} refused writes checked against every table`,
    );
    await hub?.close();
  });

  it('every route of /docs/openapi.json × every parameter and field × malformed values', async () => {
    expect(requests.length).toBeGreaterThan(2000);
    const before = tally.sent;
    let refusedWrites = 0;
    for (const request of requests) {
      const check = request.write && (refusedWrites + 1) % ROW_CHECK_EVERY === 0;
      const fingerprint = check ? await rowFingerprint(hub.prisma) : undefined;
      const res = await hub.app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        payload: request.payload,
        remoteAddress: request.remoteAddress,
      });
      checkEnvelope(
        request.label,
        res.statusCode,
        res.body,
        res.headers['content-type'] as string | undefined,
      );
      if (request.write && res.statusCode >= 400) {
        refusedWrites += 1;
        if (fingerprint !== undefined) {
          tally.rowChecks += 1;
          if ((await rowFingerprint(hub.prisma)) !== fingerprint)
            problem(request.label, 'a refused write changed rows');
        }
      }
    }
    console.log(`OpenAPI corpus: ${tally.sent - before} requests`);
    expect(tally.problems).toEqual([]);
  }, 600_000);

  it('names what it refuses with stable codes; null clears only where documented', async () => {
    const call = async (method: string, url: string, payload: string, key = adminKey) => {
      const res = await hub.app.inject({
        method: method as 'POST',
        url,
        headers: { ...bearer(key), 'content-type': 'application/json' },
        payload,
      });
      return { status: res.statusCode, code: res.json<{ error?: { code?: string } }>().error?.code };
    };
    const backupUrl = `/v1/backups/${agentBackupId}`;
    const fresh = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: bearer(adminKey),
      payload: { scope: 'AQ', region: 'eu-west-1', reason: 'null clears the expiry' },
    });
    const overrideId = fresh.json<{ id: string }>().id;
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    const refused = {
      nulInBody: await call('POST', '/admin/v1/accounts', '{"name":"a\\u0000b"}'),
      loneSurrogate: await call('POST', '/admin/v1/accounts', '{"name":"\\ud800"}'),
      nulInQuery: await call('GET', '/admin/v1/appliances?region=a%00b', ''),
      deepBody: await call('POST', '/admin/v1/accounts', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      deepField: await call('POST', '/admin/v1/accounts', `{"name":${'['.repeat(40)}${']'.repeat(40)}}`),
      yearZero: await call('PATCH', backupUrl, '{"lastBackupAt":"0000-01-01T00:00:00Z"}', applianceKey),
      epochMax: await call(
        'POST',
        '/admin/v1/keys',
        '{"kind":"admin","label":"x","expiresAt":8640000000000000}',
      ),
      nullSize: await call('PATCH', backupUrl, '{"sizeBytes":null}', applianceKey),
      nullReason: await call('PATCH', `/admin/v1/overrides/${overrideId}`, '{"reason":null}'),
      farCursor: await call(
        'GET',
        `/admin/v1/accounts?cursor=${cursor(JSON.stringify(['-createdAt', '-100000-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']))}`,
        '',
      ),
    };
    expect(refused).toEqual({
      nulInBody: { status: 400, code: 'REQUEST.INVALID_CHARACTERS' },
      loneSurrogate: { status: 400, code: 'REQUEST.INVALID_CHARACTERS' },
      nulInQuery: { status: 400, code: 'REQUEST.INVALID_CHARACTERS' },
      deepBody: { status: 400, code: 'REQUEST.TOO_DEEP' },
      deepField: { status: 400, code: 'REQUEST.TOO_DEEP' },
      yearZero: { status: 400, code: 'REQUEST.INVALID' },
      epochMax: { status: 400, code: 'REQUEST.INVALID' },
      nullSize: { status: 400, code: 'REQUEST.INVALID' },
      nullReason: { status: 400, code: 'REQUEST.INVALID' },
      farCursor: { status: 400, code: 'REQUEST.INVALID_CURSOR' },
    });
    // null clears an override's expiry, as its OpenAPI description says.
    const expiring = await hub.app.inject({
      method: 'PATCH',
      url: `/admin/v1/overrides/${overrideId}`,
      headers: bearer(adminKey),
      payload: { expiresAt: '2999-01-01T00:00:00.000Z' },
    });
    expect(expiring.statusCode).toBe(200);
    const cleared = await hub.app.inject({
      method: 'PATCH',
      url: `/admin/v1/overrides/${overrideId}`,
      headers: bearer(adminKey),
      payload: { expiresAt: null },
    });
    expect({
      status: cleared.statusCode,
      expiresAt: cleared.json<{ expiresAt: unknown }>().expiresAt,
    }).toEqual({
      status: 200,
      expiresAt: null,
    });

    const tklbam = async (form: string) => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/backup/record/create/',
        headers: { subkey: tklbamAgent.subkey!, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form,
      });
      return { status: res.statusCode, name: res.body.split(':')[0] };
    };
    const records = await hub.prisma.tklbamRecord.count();
    const audits = await hub.prisma.auditEvent.count();
    expect({
      hugeKey: await tklbam(`key=${'k'.repeat(900_000)}&turnkey_version=turnkey-core-18.0-bookworm-amd64`),
      hugeServerId: await tklbam(
        `key=k&turnkey_version=turnkey-core-18.0-bookworm-amd64&server_id=${'s'.repeat(201)}`,
      ),
      nulKey: await tklbam('key=a%00b&turnkey_version=turnkey-core-18.0-bookworm-amd64'),
    }).toEqual({
      hugeKey: { status: 400, name: 'Request.InvalidArgument' },
      hugeServerId: { status: 400, name: 'Request.InvalidArgument' },
      nulKey: { status: 400, name: 'REQUEST.INVALID_CHARACTERS' },
    });
    expect({
      records: await hub.prisma.tklbamRecord.count(),
      audits: await hub.prisma.auditEvent.count(),
    }).toEqual({
      records,
      audits,
    });
  });

  it('the TKLBAM API at /api/backup/: every argument × malformed values, answered as Name:Description', async () => {
    const calls: Array<{ method: 'GET' | 'POST' | 'PUT'; uri: string; args: Record<string, string> }> = [
      { method: 'GET', uri: 'subkey/', args: { apikey: 'IAAEBAGBAFAYDQ' } },
      { method: 'GET', uri: 'credentials/', args: {} },
      {
        method: 'POST',
        uri: 'record/create/',
        args: { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64', server_id: 's' },
      },
      { method: 'PUT', uri: 'record/update/', args: { address: 's3://host/bucket/prefix' } },
      { method: 'GET', uri: 'records/', args: {} },
      { method: 'GET', uri: `record/${recordId}/`, args: {} },
      { method: 'PUT', uri: `record/${recordId}/`, args: { key: 'k' } },
      { method: 'PUT', uri: `record/${recordId}/inprogress/`, args: { bool: 'False' } },
      {
        method: 'GET',
        uri: 'archive/timestamp/',
        args: { turnkey_version: 'turnkey-core-18.0-bookworm-amd64' },
      },
      { method: 'GET', uri: 'archive/', args: { turnkey_version: 'turnkey-core-18.0-bookworm-amd64' } },
    ];
    const before = tally.sent;
    for (const call of calls) {
      const names = Object.keys(call.args);
      const variants: Array<{ label: string; form: string; uri: string }> = [];
      for (const name of names) {
        for (const value of FORM_VALUES) {
          const form = names
            .map((n) => `${n}=${n === name ? value.raw : encodeURIComponent(call.args[n])}`)
            .join('&');
          variants.push({ label: `${name}=${value.name}`, form, uri: call.uri });
        }
      }
      if (call.uri.startsWith('record/') && /\d/.test(call.uri)) {
        for (const value of PATH_VALUES) {
          variants.push({
            label: `id=${value.name}`,
            form: names.map((n) => `${n}=${encodeURIComponent(call.args[n])}`).join('&'),
            uri: call.uri.replace(recordId, value.raw),
          });
        }
      }
      variants.push({ label: 'extra NUL argument', form: 'zz=a%00b', uri: call.uri });
      for (const variant of variants) {
        const write = call.method !== 'GET';
        const fingerprint = write ? await rowFingerprint(hub.prisma) : undefined;
        const headers: Record<string, string> = { accept: 'application/json', subkey: tklbamAgent.subkey! };
        if (call.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
        const res = await hub.app.inject({
          method: call.method,
          url: `/api/backup/${variant.uri}${call.method === 'GET' && variant.form ? `?${variant.form}` : ''}`,
          headers,
          payload: call.method === 'GET' ? undefined : variant.form,
        });
        const label = `${call.method} /api/backup/${call.uri} ${variant.label}`;
        checkTklbamText(label, res.statusCode, res.body, res.headers['content-type'] as string | undefined);
        if (fingerprint !== undefined && res.statusCode >= 400) {
          tally.rowChecks += 1;
          if ((await rowFingerprint(hub.prisma)) !== fingerprint)
            problem(label, 'a refused write changed rows');
        }
        if (variant.form.includes('k'.repeat(5_000)) && res.statusCode < 400) {
          problem(label, 'an over-long argument was accepted');
        }
      }
    }
    console.log(`TKLBAM corpus: ${tally.sent - before} requests`);
    expect(tally.problems).toEqual([]);
  });

  it('what Node’s HTTP parser and the router refuse, on a real socket, is the envelope too', async () => {
    const longPath = `/v1/backups/${'x'.repeat(20_000)}`;
    const cases: Array<{ name: string; bytes: string; status: number; code: string; tklbam?: boolean }> = [
      {
        name: 'URI over 16 KiB',
        bytes: `GET ${longPath} HTTP/1.1\r\nHost: x\r\n\r\n`,
        status: 414,
        code: 'REQUEST.URI_TOO_LONG',
      },
      {
        name: 'TKLBAM URI over 16 KiB',
        bytes: `GET /api/backup/records/?x=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        status: 414,
        code: 'REQUEST.URI_TOO_LONG',
        tklbam: true,
      },
      {
        name: 'headers over 16 KiB',
        bytes: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`,
        status: 431,
        code: 'REQUEST.HEADERS_TOO_LARGE',
      },
      {
        name: 'invalid percent-encoding in a path parameter',
        bytes: `GET /v1/backups/%ff%fe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${applianceKey}\r\n\r\n`,
        status: 400,
        code: 'REQUEST.BAD_URL',
      },
      {
        name: 'TKLBAM path with invalid percent-encoding',
        bytes: `GET /api/backup/record/%ff%fe/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        status: 400,
        code: 'REQUEST.BAD_URL',
        tklbam: true,
      },
      {
        name: 'path parameter over 100 characters',
        bytes: `GET /v1/backups/${'y'.repeat(150)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${applianceKey}\r\n\r\n`,
        status: 414,
        code: 'REQUEST.URI_TOO_LONG',
      },
      {
        name: 'bad chunk size',
        bytes:
          `POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminKey}\r\n` +
          'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
        status: 400,
        code: 'REQUEST.BAD_FRAMING',
      },
      {
        name: 'Content-Length with chunked encoding',
        bytes:
          'POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
        status: 400,
        code: 'REQUEST.BAD_FRAMING',
      },
      {
        name: 'two Content-Length headers',
        bytes:
          'POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
        status: 400,
        code: 'REQUEST.BAD_FRAMING',
      },
      {
        name: 'garbage request line',
        bytes: 'HELLO WORLD\r\n\r\n',
        status: 400,
        code: 'REQUEST.MALFORMED',
      },
      {
        name: 'NUL in a header value',
        bytes: 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n',
        status: 400,
        code: 'REQUEST.MALFORMED',
      },
      {
        name: 'unknown route',
        bytes: 'GET /no/such/route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        status: 404,
        code: 'ROUTE.NOT_FOUND',
      },
      {
        name: 'unsupported media type',
        bytes:
          `POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminKey}\r\n` +
          'Content-Type: application/xml\r\nContent-Length: 3\r\nConnection: close\r\n\r\n<a>',
        status: 415,
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      },
    ];
    const answers: Array<{ name: string; status: number; code: string | undefined }> = [];
    for (const c of cases) {
      const answer = await rawRequest(port, c.bytes);
      const label = `raw ${c.name}`;
      if (c.tklbam) {
        checkTklbamText(label, answer.status, answer.body, answer.contentType);
        answers.push({ name: c.name, status: answer.status, code: answer.body.split(':')[0] });
      } else {
        checkEnvelope(label, answer.status, answer.body, answer.contentType);
        let code: string | undefined;
        try {
          code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        answers.push({ name: c.name, status: answer.status, code });
      }
    }
    expect(answers).toEqual(cases.map((c) => ({ name: c.name, status: c.status, code: c.code })));
    expect(tally.problems).toEqual([]);
    expect(tally.sent).toBeGreaterThan(2000);
    expect(tally.fiveHundreds).toBe(0);
  });
});
