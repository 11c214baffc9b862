import { Prisma } from '@prisma/client';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './unique-violation';

const clientVersion = Prisma.prismaVersion.client;
const known = (code: string, message = 'boom', meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion, meta });

describe(isUniqueViolation.name, () => {
  it('recognises P2002 and a raw statement refused with SQLSTATE 23505', () => {
    expect(isUniqueViolation(known('P2002'))).toBe(true);
    expect(isUniqueViolation(known('P2010', 'raw query failed', { code: '23505' }))).toBe(true);
    expect(isUniqueViolation(known('P2010', 'duplicate key value violates unique constraint'))).toBe(true);
  });

  it('ignores every other error', () => {
    expect(isUniqueViolation(known('P2025'))).toBe(false);
    expect(isUniqueViolation(known('P2010', 'raw query failed', { code: '40001' }))).toBe(false);
    expect(isUniqueViolation(new Error('P2002'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
