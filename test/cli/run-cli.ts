import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
/** Per test run: the CLI never reads the operator's own ~/.config/landfall. */
const CONFIG = path.join(mkdtempSync(path.join(tmpdir(), 'landfall-cli-config-')), 'config.yaml');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `landfall` entry point (run `npm run build` first) as an operator would. */
export function runLandfall(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [MAIN, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: inject('databaseUrl'),
          LANDFALL_CONFIG: CONFIG,
          ...env,
        },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`landfall ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

/** Runs the CLI and parses its `-o json` stdout, failing with its stderr when it did not exit 0. */
export async function landfallJson<T>(args: string[], env: Record<string, string>): Promise<T> {
  const result = await runLandfall([...args, '-o', 'json'], env);
  if (result.code !== 0)
    throw new Error(`landfall ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
