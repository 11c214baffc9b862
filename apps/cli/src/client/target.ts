import { CliError, EXIT_USAGE } from '../core/errors';
import { profilePath, readProfiles } from './profiles';

export const DEFAULT_ADDR = 'http://127.0.0.1:8080';

export interface GlobalOptions {
  addr?: string;
  token?: string;
  context?: string;
  output: OutputFormat;
}

export type OutputFormat = 'table' | 'json' | 'yaml';

export interface HubTarget {
  addr: string;
  token: string;
  /** Where the address came from, for error messages. */
  source: string;
}

/**
 * Which hub and key: --addr/--token, then LANDFALL_ADDR/LANDFALL_TOKEN, then the profile file's context
 * (--context, LANDFALL_CONTEXT, or its current one). The address defaults to the local hub.
 */
export async function resolveTarget(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<HubTarget> {
  const file = profilePath(env);
  const profiles = await readProfiles(file);
  const contextName = options.context ?? env.LANDFALL_CONTEXT ?? profiles.current ?? undefined;
  const context = contextName ? profiles.hubs[contextName] : undefined;
  if ((options.context || env.LANDFALL_CONTEXT) && !context) {
    throw new CliError(
      'CLI.UNKNOWN_CONTEXT',
      `no hub named "${contextName}" in ${file} (landfall contexts list)`,
      EXIT_USAGE,
    );
  }
  const addr = options.addr ?? env.LANDFALL_ADDR ?? context?.addr ?? DEFAULT_ADDR;
  const token = options.token ?? env.LANDFALL_TOKEN ?? context?.token;
  if (!token) {
    throw new CliError(
      'CLI.NO_TOKEN',
      'no admin key: set LANDFALL_TOKEN, pass --token, or run `landfall login`',
      EXIT_USAGE,
    );
  }
  const source = options.addr
    ? '--addr'
    : env.LANDFALL_ADDR
      ? 'LANDFALL_ADDR'
      : context
        ? `context ${contextName}`
        : 'default';
  return { addr: addr.replace(/\/+$/, ''), token, source };
}
