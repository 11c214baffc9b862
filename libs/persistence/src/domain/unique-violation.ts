/**
 * True when a write broke a unique constraint: Prisma's P2002, or a raw statement ($executeRaw/$queryRaw, P2010)
 * that PostgreSQL refused with SQLSTATE 23505. The caller turns it into a 409 with its own code. Reads the error's
 * shape, so an error re-thrown out of an interactive transaction is recognised too.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'P2002') return true;
  return e.code === 'P2010' && (e.meta?.code === '23505' || /23505|unique/i.test(e.message ?? ''));
}
