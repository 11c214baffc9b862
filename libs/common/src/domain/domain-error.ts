/** How an error reads to a caller; the exception filter maps each kind to one HTTP status. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export interface DomainErrorOptions {
  details?: unknown;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * An error a caller can act on. `code` is stable (`PLACEMENT.NO_REGION`, `AUTH.INVALID_KEY`): agents branch
 * on it, so never rename one; `message` is for people and may change.
 */
export class DomainError extends Error {
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'too_large':
      return 413;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
  }
}
