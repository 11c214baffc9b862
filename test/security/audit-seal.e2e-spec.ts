import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, AuditSealer } from '@landfall/audit';
import { anAdminKey, bearer } from '../init/support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * Issue 15: the audit trail is tamper-evident. Rows are sealed after commit (hash-chained batches); verify, over
 * the API and the CLI's endpoint, names the first edited row or the gap of a deleted one, found in the database
 * itself. Each test restores what it tampered with, so the shared database stays intact for the others.
 */
describe('sealed audit trail', () => {
  let hub: TestHub;
  let auditKey: string;

  beforeAll(async () => {
    hub = await startTestHub();
    auditKey = await anAdminKey(hub.prisma, ['audit:read']);
  });
  afterAll(async () => hub?.close());

  async function sealedRows(count: number): Promise<bigint[]> {
    const action = `test.seal.${randomUUID().slice(0, 8)}`;
    const audit = hub.app.get(AuditLog);
    for (let i = 0; i < count; i++) {
      await audit.record({
        actor: { type: 'system', id: 'seal-test' },
        action,
        targetType: 'probe',
        after: { i },
      });
    }
    await hub.app.get(AuditSealer).sealPending();
    const rows = await hub.prisma.auditEvent.findMany({ where: { action }, orderBy: { id: 'asc' } });
    expect(rows.every((r) => r.sealId !== null)).toBe(true);
    return rows.map((r) => r.id);
  }

  const verify = async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: '/admin/v1/audit-events:verify',
      headers: bearer(auditKey),
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ ok: boolean; sealedRows: number; finding: Record<string, string | null> | null }>();
  };

  it('reports an intact trail once rows are sealed', async () => {
    await sealedRows(3);
    const report = await verify();
    expect(report).toMatchObject({ ok: true, finding: null });
    expect(report.sealedRows).toBeGreaterThanOrEqual(3);
  });

  it('seals rows with every column filled as verify reads them back (the sealer reads with SQL, verify with Prisma)', async () => {
    const action = `test.seal.full.${randomUUID().slice(0, 8)}`;
    await hub.app.get(AuditLog).record({
      actor: {
        type: 'appliance',
        id: randomUUID(),
        keyPrefix: 'lf_app_abcdefghijkl',
        sourceIp: '2001:db8::7',
        requestId: randomUUID(),
      },
      action,
      targetType: 'backup',
      targetId: randomUUID(),
      before: { region: 'eu-west-1', sizes: [0, 1.5, 2 ** 53 - 1], nested: { empty: {}, none: null } },
      after: { region: 'us-east-1', note: 'Zürich → 東京 "quoted" \\ back', at: new Date(0).toISOString() },
    });
    await hub.app.get(AuditSealer).sealPending();
    const row = await hub.prisma.auditEvent.findFirstOrThrow({ where: { action } });
    expect(row.sealId).not.toBeNull();
    expect(await verify()).toMatchObject({ ok: true, finding: null });
  });

  it('names the row whose content was edited with SQL', async () => {
    const [, middle] = await sealedRows(3);
    await hub.prisma.$executeRaw`UPDATE audit_events SET after = '{"i": 99}' WHERE id = ${middle}`;
    try {
      expect(await verify()).toMatchObject({
        ok: false,
        finding: { kind: 'edited', rowId: middle.toString() },
      });
    } finally {
      await hub.prisma.$executeRaw`UPDATE audit_events SET after = '{"i": 1}' WHERE id = ${middle}`;
    }
    expect((await verify()).ok).toBe(true);
  });

  it('names the gap where a sealed row was deleted', async () => {
    const [first, middle, last] = await sealedRows(3);
    const row = await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id: middle } });
    await hub.prisma.$executeRaw`DELETE FROM audit_events WHERE id = ${middle}`;
    try {
      expect(await verify()).toMatchObject({
        ok: false,
        finding: {
          kind: 'deleted',
          rowId: middle.toString(),
          after: first.toString(),
          before: last.toString(),
        },
      });
    } finally {
      await hub.prisma.auditEvent.create({
        data: { ...row, before: row.before ?? undefined, after: row.after ?? undefined },
      });
    }
    expect((await verify()).ok).toBe(true);
  });

  it('needs audit:read', async () => {
    const other = await anAdminKey(hub.prisma, ['accounts:read']);
    const res = await hub.app.inject({
      method: 'GET',
      url: '/admin/v1/audit-events:verify',
      headers: bearer(other),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.MISSING_PERMISSION');
  });
});
