import { tklbamErrors } from '../domain/errors';

type Args = Record<string, unknown> | undefined | null;

/**
 * The longest value each argument may have. The agent's own values are far shorter (a key packet is a few hundred
 * characters, a server id a few dozen); without a bound a 900 KB `key` was stored and audited whole.
 */
export const TKLBAM_ARG_MAX_LENGTH: Readonly<Record<string, number>> = {
  apikey: 64,
  key: 4096,
  server_id: 200,
  turnkey_version: 128,
  address: 2048,
  bool: 8,
};
const DEFAULT_MAX_LENGTH = 256;

/** A string argument from a query string or a form body (the first, if repeated); too long is InvalidArgument. */
export function optionalArg(args: Args, name: string): string | undefined {
  const raw = args && typeof args === 'object' ? args[name] : undefined;
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== 'string' || value === '') return undefined;
  const max = TKLBAM_ARG_MAX_LENGTH[name] ?? DEFAULT_MAX_LENGTH;
  if (value.length > max) throw tklbamErrors.invalidArgument(name, `longer than ${max} characters`);
  return value;
}

/** As `optionalArg`, but a missing or empty one is `Request.MissingArgument`. */
export function requiredArg(args: Args, name: string): string {
  const value = optionalArg(args, name);
  if (value === undefined) throw tklbamErrors.missingArgument(name);
  return value;
}
