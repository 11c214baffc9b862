import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError } from '../core/errors';

/** One hub the CLI knows, like a kubeconfig context. */
export interface HubProfile {
  addr: string;
  token: string;
}

export interface ProfileFile {
  current: string | null;
  hubs: Record<string, HubProfile>;
}

/** LANDFALL_CONFIG, else ~/.config/landfall/config.yaml (XDG_CONFIG_HOME respected). */
export function profilePath(env: NodeJS.ProcessEnv): string {
  if (env.LANDFALL_CONFIG) return env.LANDFALL_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(base, 'landfall', 'config.yaml');
}

export async function readProfiles(file: string): Promise<ProfileFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { current: null, hubs: {} };
    throw new CliError('CLI.PROFILE_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new CliError('CLI.PROFILE_INVALID', `${file} is not valid YAML: ${(error as Error).message}`);
  }
  const value = (parsed ?? {}) as Partial<ProfileFile>;
  const hubs = value.hubs ?? {};
  const valid =
    typeof hubs === 'object' &&
    Object.values(hubs).every(
      (h) => typeof h === 'object' && h !== null && typeof h.addr === 'string' && typeof h.token === 'string',
    );
  if (!valid || (value.current != null && typeof value.current !== 'string')) {
    throw new CliError(
      'CLI.PROFILE_INVALID',
      `${file}: expected "current: NAME" and "hubs: {NAME: {addr, token}}"`,
    );
  }
  return { current: value.current ?? null, hubs };
}

/** Writes the file readable by its owner only (it holds admin keys), tightening an existing file too. */
export async function writeProfiles(file: string, profiles: ProfileFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, stringify(profiles), { mode: 0o600 });
  await chmod(file, 0o600);
}
