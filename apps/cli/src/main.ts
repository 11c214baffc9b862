#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from './cli/router';
import { COMMANDS } from './commands';

/** `landfall …`: ops commands for placement. Exit codes: 0 success, 1 failure, 2 usage error. */
async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), COMMANDS, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
  });
  // Exit explicitly once output is flushed: pools and timers of the Nest context must not keep a CLI alive.
  process.stdout.write('', () => process.exit(code));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `landfall: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
