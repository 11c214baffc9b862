import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../domain/audit-event';
import { AuditLog } from './audit-log';
import type { AuditRepository } from '../repositories/audit.repository';

describe(AuditLog.name, () => {
  const event = (action: string, after?: Record<string, unknown>): AuditEventInput => ({
    actor: { type: 'appliance', id: 'key-1' },
    action,
    targetType: 'backup',
    after,
  });

  const setup = (fail = false) => {
    const writes: string[][] = [];
    const repository = {
      appendMany: async (events: AuditEventInput[]) => {
        writes.push(events.map((e) => e.action));
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('db down');
      },
    } as unknown as AuditRepository;
    return { sut: new AuditLog(repository), writes };
  };

  it('writes events that arrive during a write together, in order, and resolves each once stored', async () => {
    const { sut, writes } = setup();
    await Promise.all(['a', 'b', 'c', 'd'].map((a) => sut.record(event(a))));
    expect(writes).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('rejects every caller of a failed write', async () => {
    const { sut } = setup(true);
    await expect(Promise.all([sut.record(event('a')), sut.record(event('b'))])).rejects.toThrow('db down');
  });

  it('refuses an event carrying a secret field', async () => {
    const { sut, writes } = setup();
    await expect(sut.record(event('x', { secretAccessKey: 'S' }))).rejects.toThrow(/secret/);
    expect(writes).toEqual([]);
  });
});
