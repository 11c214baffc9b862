#!/usr/bin/env node
import { processIo } from './core/io';
import { runCli } from './program';

/** `landfall …`: the ops client of the hub's admin API. Exit codes: 0 success, 1 failure, 2 usage error. */
void runCli(process.argv.slice(2), processIo()).then((code) => {
  // Exit once output is flushed: a database pool (break-glass commands) must not keep the CLI alive.
  process.stdout.write('', () => process.exit(code));
});
