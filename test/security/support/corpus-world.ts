import { randomUUID } from 'node:crypto';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, anAppliance, bearer } from '../../init/support/fixtures';
import { uniqueSuffix, useGatewayRegions, type TestHub } from '../../support/test-hub';
import { anAccountWithTklbamKey, TklbamAgent } from '../../tklbam/support/tklbam-agent';
import { corpusFromOpenApi, type CorpusRequest, type OpenApiDocument } from './corpus-requests';

/** What the corpus is sent as and against: keys, an appliance's backup, a TKLBAM record, the generated requests. */
export interface CorpusWorld {
  adminKey: string;
  applianceKey: string;
  tklbamAgent: TklbamAgent;
  recordId: string;
  agentBackupId: string;
  requests: CorpusRequest[];
}

/** Fills the test hub with what every route of the corpus needs to reach validation, then generates the corpus. */
export async function prepareCorpusWorld(hub: TestHub): Promise<CorpusWorld> {
  await useGatewayRegions(hub.prisma);
  await hub.app.get(PlacementStateService).rebuild();
  const adminKey = await anAdminKey(hub.prisma);
  // Appliance A is the agent the /v1 routes are called as; appliance B is what admin routes act on, so
  // disabling or retiring it cannot turn A's requests into 403s before the corpus reaches validation.
  const agentA = await anAppliance(hub.prisma);
  const applianceKey = agentA.key;
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
  const tklbamAgent = await TklbamAgent.of(hub).linkWith(tklbam.apikey);
  const created = gateway
    ? await tklbamAgent.request<{ backup_id: string }>('POST', 'record/create/', {
        key: 'corpus-key',
        turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
      })
    : undefined;
  const recordId = created?.body?.backup_id ?? '1';

  const doc = (await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json<OpenApiDocument>();
  const requests = corpusFromOpenApi(doc, {
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
  return { adminKey, applianceKey, tklbamAgent, recordId, agentBackupId: backupA, requests };
}
