import { describe, expect, it } from 'vitest';
import type { TransactionClient } from '@landfall/persistence';
import { writeAudit, writeAuditMany } from './audit-transaction';

describe(writeAudit.name, () => {
  const setup = () => {
    const rows: unknown[] = [];
    const tx = {
      auditEvent: { createMany: async ({ data }: { data: unknown[] }) => void rows.push(...data) },
    } as unknown as TransactionClient;
    return { tx, rows };
  };
  const actor = { type: 'admin' as const, id: 'key-id', keyPrefix: 'lf_adm_ab12', requestId: 'r1' };

  it('writes the actor as key id plus visible prefix, in the caller transaction', async () => {
    const { tx, rows } = setup();
    await writeAudit(tx, actor, {
      action: 'region.create',
      targetType: 'region',
      targetId: 'eu',
      after: { a: 1 },
    });
    expect(rows).toEqual([
      expect.objectContaining({
        actorType: 'admin',
        actorId: 'key-id',
        actorKeyPrefix: 'lf_adm_ab12',
        action: 'region.create',
        requestId: 'r1',
      }),
    ]);
  });

  it('refuses a secret field inside the transaction too, writing nothing', async () => {
    const { tx, rows } = setup();
    await expect(
      writeAuditMany(tx, actor, [
        { action: 'ok', targetType: 'x' },
        { action: 'leak', targetType: 'x', after: { sessionToken: 'T' } },
      ]),
    ).rejects.toThrow(/secret field "sessionToken"/);
    expect(rows).toEqual([]);
  });
});
