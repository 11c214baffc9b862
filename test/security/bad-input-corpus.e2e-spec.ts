import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../init/support/fixtures';
import { startTestHub, uniqueSuffix, type TestHub } from '../support/test-hub';
import type { TklbamAgent } from '../tklbam/support/tklbam-agent';
import { CorpusTally, ROW_CHECK_EVERY, rowFingerprint } from './support/corpus-checks';
import { rawCorpus, rawRequest } from './support/corpus-raw';
import type { CorpusRequest } from './support/corpus-requests';
import { tklbamCorpus } from './support/corpus-tklbam';
import { prepareCorpusWorld } from './support/corpus-world';

/**
 * Issue #9 item 6: malformed input generated from the hub's own /docs/openapi.json (so new routes join by
 * themselves), the TKLBAM API at /api/backup/ (not in the document: its contract is the agent's hub.py), and raw
 * sockets for what Node's HTTP parser refuses. Never a 5xx; every refusal is the error envelope (TKLBAM: its
 * `Name:Description` text); a refused write changes no row.
 */

const tally = new CorpusTally();

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
    ({ requests, adminKey, applianceKey, tklbamAgent, recordId, agentBackupId } =
      await prepareCorpusWorld(hub));
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
      tally.checkEnvelope(
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
            tally.problem(request.label, 'a refused write changed rows');
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
    const before = tally.sent;
    for (const request of tklbamCorpus(recordId)) {
      const write = request.method !== 'GET';
      const fingerprint = write ? await rowFingerprint(hub.prisma) : undefined;
      const headers: Record<string, string> = { accept: 'application/json', subkey: tklbamAgent.subkey! };
      if (request.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await hub.app.inject({
        method: request.method,
        url: request.url,
        headers,
        payload: request.method === 'GET' ? undefined : request.form,
      });
      const label = request.label;
      tally.checkTklbamText(
        label,
        res.statusCode,
        res.body,
        res.headers['content-type'] as string | undefined,
      );
      if (fingerprint !== undefined && res.statusCode >= 400) {
        tally.rowChecks += 1;
        if ((await rowFingerprint(hub.prisma)) !== fingerprint)
          tally.problem(label, 'a refused write changed rows');
      }
      if (request.form.includes('k'.repeat(5_000)) && res.statusCode < 400) {
        tally.problem(label, 'an over-long argument was accepted');
      }
    }
    console.log(`TKLBAM corpus: ${tally.sent - before} requests`);
    expect(tally.problems).toEqual([]);
  });

  it('what Node’s HTTP parser and the router refuse, on a real socket, is the envelope too', async () => {
    const cases = rawCorpus(adminKey, applianceKey);
    const answers: Array<{ name: string; status: number; code: string | undefined }> = [];
    for (const c of cases) {
      const answer = await rawRequest(port, c.bytes);
      const label = `raw ${c.name}`;
      if (c.tklbam) {
        tally.checkTklbamText(label, answer.status, answer.body, answer.contentType);
        answers.push({ name: c.name, status: answer.status, code: answer.body.split(':')[0] });
      } else {
        tally.checkEnvelope(label, answer.status, answer.body, answer.contentType);
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
