import { Prisma } from '@prisma/client';

/** True when a write broke a unique constraint (Prisma P2002): the caller turns it into a 409 with its own code. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
