import type { Actor } from '@landfall/audit';

/** One attempt at an item: the lease token it holds, and whether it got anywhere. */
export interface Attempt {
  holder: string;
  actor: Actor;
  signal: AbortSignal;
  progressed: boolean;
  /** Throws LeaseLostError unless this attempt still holds a valid lease in that phase. */
  beforeWrite: (phase: 'copy' | 'cleanup') => Promise<void>;
}

/** A failure retrying cannot fix. */
export class PermanentMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMigrationError';
  }
}
