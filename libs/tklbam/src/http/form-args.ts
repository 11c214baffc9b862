import { tklbamErrors } from '../protocol/errors';

type Args = Record<string, unknown> | undefined | null;

/** A string argument from a query string or a form body (the first, if repeated). */
export function optionalArg(args: Args, name: string): string | undefined {
  const raw = args && typeof args === 'object' ? args[name] : undefined;
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** As `optionalArg`, but a missing or empty one is `Request.MissingArgument`. */
export function requiredArg(args: Args, name: string): string {
  const value = optionalArg(args, name);
  if (value === undefined) throw tklbamErrors.missingArgument(name);
  return value;
}
