import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { COMMAND_GROUPS } from './commands';
import { contextFactory } from './core/context';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ExitWith } from './core/errors';
import type { CliIo } from './core/io';
import { projectRoot } from './core/project-root';

export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The whole command tree. Each resource group registers itself from its own file (commands/*.commands.ts). */
export function buildProgram(io: CliIo, fetchImpl?: typeof fetch): Command {
  const program = new Command('landfall')
    .description('Ops client of the Landfall hub’s admin API')
    .version(version(), '-V, --version')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .option('--addr <url>', 'hub address (env LANDFALL_ADDR; default http://127.0.0.1:8080)')
    .option('--token <key>', 'admin key (env LANDFALL_TOKEN)')
    .option('--context <name>', 'hub from the profile file (env LANDFALL_CONTEXT; see `landfall login`)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 failure (or "different" for index diff), 2 usage error.\n' +
        'Profile file: LANDFALL_CONFIG, else ~/.config/landfall/config.yaml.',
    );
  const context = contextFactory(io, fetchImpl);
  for (const register of COMMAND_GROUPS) register(program, context);
  configureTree(program, io);
  return program;
}

/** Every command: output through io, errors thrown (not process.exit), usage and a suggestion after an error. */
function configureTree(command: Command, io: CliIo): void {
  command
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError(true)
    .showHelpAfterError(`Usage: ${fullName(command)} ${command.usage()}\n(see ${fullName(command)} --help)`);
  for (const sub of command.commands) configureTree(sub, io);
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs the CLI to an exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, fetchImpl?: typeof fetch): Promise<number> {
  const program = buildProgram(io, fetchImpl);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof ExitWith) return error.exitCode;
  if (error instanceof CommanderError) {
    // Commander has already printed the message (and the usage) on stderr.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (error instanceof CliError) {
    io.err(`landfall: ${error.code}: ${error.message}\n`);
    return error.exitCode;
  }
  const detail =
    error instanceof Error ? (io.env.LANDFALL_DEBUG ? error.stack : error.message) : String(error);
  io.err(`landfall: CLI.INTERNAL: ${detail}\n`);
  return EXIT_FAILURE;
}
