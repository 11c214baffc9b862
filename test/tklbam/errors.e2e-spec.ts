import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTklbamKey, parseTklbamKey } from '@landfall/tklbam';
import type { TestHub } from '../support/test-hub';
import { anAdminKey, anAddress } from '../init/support/fixtures';
import { gatewayOrSkip, startInitHub } from '../init/support/init-hub';
import {
  anAccountWithTklbamKey,
  TklbamAgent,
  type AgentAnswer,
  type RecordJson,
} from './support/tklbam-agent';

const gateway = gatewayOrSkip();
const CORE = { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64' };

/** What pycurl_wrapper's API.request needs: the status, and a plain-text body it can split on the first colon. */
function expectError(answer: AgentAnswer, status: number, name: string) {
  expect({ status: answer.status, name: answer.error?.name }).toEqual({ status, name });
  expect(answer.contentType).toMatch(/^text\/plain/);
  expect(answer.error!.description.length).toBeGreaterThan(0);
  expect(answer.raw).not.toMatch(/^\s*[{[]/);
}

describe.skipIf(!gateway)(
  'TKLBAM errors: the names and statuses the agent acts on, as Name:Description',
  () => {
    let hub: TestHub;
    let adminKey: string;

    beforeAll(async () => {
      hub = await startInitHub({ TKLBAM_RECORDS_PER_ACCOUNT: '2', AUTH_FAILURE_LIMIT: '5' });
      adminKey = await anAdminKey(hub.prisma);
    });
    afterAll(async () => hub?.close());

    const linked = async () => {
      const account = await anAccountWithTklbamKey(hub, adminKey);
      return { account, agent: await TklbamAgent.of(hub, null, anAddress()).linkWith(account.apikey) };
    };

    it('Request.MissingHeader (400) without a subkey header', async () => {
      const agent = TklbamAgent.of(hub, null, anAddress());
      for (const [method, uri] of [
        ['GET', 'credentials/'],
        ['GET', 'records/'],
        ['POST', 'record/create/'],
        ['GET', 'record/1/'],
      ] as const) {
        expectError(
          await agent.request(method, uri, method === 'POST' ? CORE : {}),
          400,
          'Request.MissingHeader',
        );
      }
    });

    it('BackupAccount.MalformedSubKey (401) for a subkey that is not a TKLBAM key', async () => {
      for (const subkey of ['not base32!', 'lowercase', 'A'.repeat(21)]) {
        const agent = TklbamAgent.of(hub, subkey, anAddress());
        expectError(await agent.request('GET', 'credentials/'), 401, 'BackupAccount.MalformedSubKey');
      }
    });

    it('BackupAccount.InvalidSubKey (400) for a well-formed subkey of a known uid with the wrong secret, or the API key itself', async () => {
      const { account } = await linked();
      const forged = formatTklbamKey({ uid: account.uid, secret: Buffer.alloc(8, 7) });
      expectError(
        await TklbamAgent.of(hub, forged, anAddress()).request('GET', 'records/'),
        400,
        'BackupAccount.InvalidSubKey',
      );
      expectError(
        await TklbamAgent.of(hub, account.apikey, anAddress()).request('GET', 'records/'),
        400,
        'BackupAccount.InvalidSubKey',
      );
    });

    it('BackupAccount.NotFound (404) for a uid with no TKLBAM account', async () => {
      const agent = TklbamAgent.of(
        hub,
        formatTklbamKey({ uid: 4_000_000_000, secret: Buffer.alloc(8, 1) }),
        anAddress(),
      );
      expectError(await agent.request('GET', 'credentials/'), 404, 'BackupAccount.NotFound');
    });

    it('HubAccount.InvalidApiKey (400) for a malformed or unknown API key; Request.MissingArgument without one', async () => {
      const agent = TklbamAgent.of(hub, null, anAddress());
      const { account } = await linked();
      const wrongSecret = formatTklbamKey({ uid: account.uid, secret: Buffer.alloc(8, 9) });
      for (const apikey of ['bad key', 'A'.repeat(25), wrongSecret]) {
        expectError(await agent.request('GET', 'subkey/', { apikey }), 400, 'HubAccount.InvalidApiKey');
      }
      expectError(await agent.request('GET', 'subkey/'), 400, 'Request.MissingArgument');
    });

    it('HubAccount.Forbidden (401) once the key is revoked, for its subkey and for the key itself', async () => {
      const { account, agent } = await linked();
      const revoke = await hub.app.inject({
        method: 'POST',
        url: `/admin/v1/tklbam-keys/${account.keyId}/revoke`,
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(revoke.statusCode).toBe(200);
      expectError(await agent.request('GET', 'credentials/'), 401, 'HubAccount.Forbidden');
      expectError(
        await TklbamAgent.of(hub, null, anAddress()).request('GET', 'subkey/', { apikey: account.apikey }),
        401,
        'HubAccount.Forbidden',
      );
    });

    it('BackupAccount.NotSubscribed (401) when the account is disabled', async () => {
      const { account, agent } = await linked();
      await hub.prisma.account.update({ where: { id: account.accountId }, data: { status: 'disabled' } });
      expectError(await agent.request('GET', 'credentials/'), 401, 'BackupAccount.NotSubscribed');
    });

    it('Request.MissingArgument (400) for every missing form field or query argument', async () => {
      const { agent } = await linked();
      expectError(
        await agent.request('POST', 'record/create/', { key: 'k' }),
        400,
        'Request.MissingArgument',
      );
      expectError(
        await agent.request('POST', 'record/create/', { turnkey_version: 'x' }),
        400,
        'Request.MissingArgument',
      );
      const record = (await agent.request<RecordJson>('POST', 'record/create/', CORE)).body;
      expectError(await agent.request('PUT', `record/${record.backup_id}/`), 400, 'Request.MissingArgument');
      expectError(
        await agent.request('PUT', `record/${record.backup_id}/inprogress/`),
        400,
        'Request.MissingArgument',
      );
      expectError(await agent.request('PUT', 'record/update/'), 400, 'Request.MissingArgument');
      expectError(await agent.request('GET', 'archive/timestamp/'), 400, 'Request.MissingArgument');
      expectError(await agent.request('GET', 'archive/'), 400, 'Request.MissingArgument');
      expectError(
        await agent.request('PUT', `record/${record.backup_id}/inprogress/`, { bool: 'maybe' }),
        400,
        'Request.InvalidArgument',
      );
    });

    it("BackupRecord.NotFound (404) for an unknown record, another account's record, or an unknown address", async () => {
      const { agent } = await linked();
      const { agent: other } = await linked();
      const theirs = (await other.request<RecordJson>('POST', 'record/create/', CORE)).body;
      for (const id of ['999999999', 'abc', theirs.backup_id]) {
        expectError(await agent.request('GET', `record/${id}/`), 404, 'BackupRecord.NotFound');
        expectError(await agent.request('PUT', `record/${id}/`, { key: 'x' }), 404, 'BackupRecord.NotFound');
        expectError(
          await agent.request('PUT', `record/${id}/inprogress/`, { bool: 'True' }),
          404,
          'BackupRecord.NotFound',
        );
      }
      expectError(
        await agent.request('PUT', 'record/update/', { address: theirs.address }),
        404,
        'BackupRecord.NotFound',
      );
      expect((await other.request<RecordJson>('GET', `record/${theirs.backup_id}/`)).body.key).toBe('k');
    });

    it('BackupRecord.LimitExceeded (401) past TKLBAM_RECORDS_PER_ACCOUNT, and no appliance is left behind', async () => {
      const { account, agent } = await linked();
      for (let i = 0; i < 2; i += 1)
        expect((await agent.request('POST', 'record/create/', CORE)).status).toBe(200);
      expectError(await agent.request('POST', 'record/create/', CORE), 401, 'BackupRecord.LimitExceeded');
      expect(await hub.prisma.appliance.count({ where: { accountId: account.accountId } })).toBe(2);
    });

    it('BackupArchive.NotFound (404) for a TurnKey version without a profile', async () => {
      const { agent } = await linked();
      for (const uri of ['archive/timestamp/', 'archive/']) {
        expectError(
          await agent.request('GET', uri, { turnkey_version: 'turnkey-nope-1.0' }),
          404,
          'BackupArchive.NotFound',
        );
      }
    });

    it('answers text, never the JSON envelope, for unknown paths, oversized and malformed bodies', async () => {
      const { agent } = await linked();
      expectError(await agent.request('GET', 'nope/'), 404, 'ROUTE.NOT_FOUND');
      expectError(
        await agent.request('PUT', 'record/1/inprogress/extra/', { bool: 'True' }),
        404,
        'ROUTE.NOT_FOUND',
      );
      expectError(
        await agent.request('POST', 'record/create/', { ...CORE, key: 'k'.repeat(1024 * 1024 + 10) }),
        413,
        'REQUEST.BODY_TOO_LARGE',
      );
      const poisoned = await hub.app.inject({
        method: 'POST',
        url: '/api/backup/record/create/',
        headers: { subkey: agent.subkey!, 'content-type': 'application/x-www-form-urlencoded' },
        payload: '__proto__=x&key=k&turnkey_version=v',
        remoteAddress: agent.remoteAddress,
      });
      expect(poisoned.statusCode).toBe(400);
      expect(poisoned.headers['content-type']).toMatch(/^text\/plain/);
      expect(poisoned.body).toMatch(/^[\w.]+:\S/);
      const wrongType = await hub.app.inject({
        method: 'PUT',
        url: '/api/backup/record/update/',
        headers: { subkey: agent.subkey!, 'content-type': 'text/xml' },
        payload: '<x/>',
        remoteAddress: agent.remoteAddress,
      });
      expect(wrongType.statusCode).toBe(415);
      expect(wrongType.body).toMatch(/^REQUEST\.UNSUPPORTED_MEDIA_TYPE:/);
    });

    it('rate-limits failed subkeys per address with the shared limiter (429 Request.RateLimited)', async () => {
      const address = anAddress();
      const forged = TklbamAgent.of(hub, 'AAAAB', address);
      for (let i = 0; i < 5; i += 1) expect((await forged.request('GET', 'records/')).status).toBe(404);
      const limited = await forged.request('GET', 'records/');
      expectError(limited, 429, 'Request.RateLimited');
      // The native API on the same address is throttled too: one limiter.
      const native = await hub.app.inject({ method: 'POST', url: '/v1/init', remoteAddress: address });
      expect(native.statusCode).toBe(429);
    });

    it('leaves other routes as they were: JSON envelopes, no trailing-slash matching', async () => {
      const res = await hub.app.inject({ method: 'GET', url: '/healthz/' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ROUTE.NOT_FOUND');
      const admin = await hub.app.inject({ method: 'GET', url: '/admin/v1/profiles' });
      expect(res.headers['content-type']).toMatch(/json/);
      expect(admin.json().error.code).toBe('AUTH.MISSING_KEY');
    });

    it('subkeys parse as TKLBAM keys of the same uid (the agent stores them as opaque strings)', async () => {
      const { account, agent } = await linked();
      expect(parseTklbamKey(agent.subkey!)!.uid).toBe(account.uid);
      expect(parseTklbamKey(account.apikey)!.uid).toBe(account.uid);
    });
  },
);
