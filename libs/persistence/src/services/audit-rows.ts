import type { Prisma } from '@prisma/client';

/** A Prisma interactive-transaction client, for libs that write inside a repository's transaction. */
export type TransactionClient = Prisma.TransactionClient;

/** The columns of one audit_events row (libs/audit maps actor and record to it and checks it for secrets). */
export interface AuditRowData {
  actorType: 'admin' | 'appliance' | 'system' | 'cli';
  actorId?: string;
  actorKeyPrefix?: string;
  action: string;
  targetType: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  sourceIp?: string;
  requestId?: string;
}

/** One INSERT for the rows, in order. */
export async function insertAuditRows(tx: TransactionClient, rows: AuditRowData[]): Promise<void> {
  if (rows.length > 0) await tx.auditEvent.createMany({ data: rows.map(prismaRow) });
}

export function prismaRow(row: AuditRowData): Prisma.AuditEventCreateManyInput {
  return {
    ...row,
    before: row.before as Prisma.InputJsonValue | undefined,
    after: row.after as Prisma.InputJsonValue | undefined,
  };
}
