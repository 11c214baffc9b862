import { DomainError } from '@landfall/common';
import { ConfigError } from '@landfall/config';
import { parseArgs, UsageError, type ArgSpec } from './args';
import type { CliIo, Command } from './command';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Finds the command the words name, parses its arguments, runs it, and turns every outcome into an exit code. */
export async function runCli(
  argv: readonly string[],
  commands: readonly Command[],
  io: CliIo,
): Promise<number> {
  if (argv.length === 0) {
    io.err(globalHelp(commands));
    return EXIT_USAGE;
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(globalHelp(commands));
    return EXIT_OK;
  }
  const command = longestMatch(argv, commands);
  if (!command) return unknownCommand(argv, commands, io);
  const label = `landfall ${command.path.join(' ')}`;
  try {
    const args = parseArgs(argv.slice(command.path.length), command.args);
    if (args.help) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    await command.run(args, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      const message = error.code ? `${error.code}: ${error.message}` : error.message;
      io.err(`${label}: ${message} (see ${label} --help)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof DomainError) {
      io.err(`${error.code}: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    if (error instanceof ConfigError) {
      io.err(`${label}: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    const detail =
      error instanceof Error ? (io.env.LANDFALL_DEBUG ? error.stack : error.message) : String(error);
    io.err(`${label}: ${detail}\n`);
    return EXIT_FAILURE;
  }
}

function longestMatch(argv: readonly string[], commands: readonly Command[]): Command | undefined {
  return commands
    .filter((c) => c.path.every((word, i) => argv[i] === word))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** `landfall index` alone or with a wrong subcommand: group help on --help, a usage error otherwise. */
function unknownCommand(argv: readonly string[], commands: readonly Command[], io: CliIo): number {
  const group = commands.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
  if (group.length === 0) {
    io.err(`landfall: unknown command "${argv[0]}" (see landfall --help)\n`);
    return EXIT_USAGE;
  }
  if (argv[1] === '--help' || argv[1] === '-h') {
    io.out(listing(`landfall ${argv[0]} <command>`, group));
    return EXIT_OK;
  }
  const choices = group.map((c) => c.path[1]).join('|');
  const what = argv[1] === undefined ? 'missing subcommand' : `unknown subcommand "${argv[1]}"`;
  io.err(`landfall ${argv[0]}: ${what}; expected ${choices} (see landfall ${argv[0]} --help)\n`);
  return EXIT_USAGE;
}

export function globalHelp(commands: readonly Command[]): string {
  return listing('landfall <command> [options]', commands).concat(
    '\nRun `landfall <command> --help` for a command’s options.\n' +
      'Database: DATABASE_URL when set, otherwise the hub’s embedded PostgreSQL (.landfall/postgres).\n' +
      'Exit codes: 0 success, 1 failure, 2 usage error.\n',
  );
}

function listing(usage: string, commands: readonly Command[]): string {
  const names = commands.map((c) => `${c.path.join(' ')} ${usageOf(c.args)}`.trim());
  const width = Math.max(...names.map((n) => n.length));
  const lines = commands.map((c, i) => `  ${names[i].padEnd(width)}  ${c.summary}`);
  return `Usage: ${usage}\n\nCommands:\n${lines.join('\n')}\n`;
}

export function commandHelp(command: Command): string {
  const { positionals, flags } = command.args;
  const rows: [string, string][] = [
    ...positionals.map((p): [string, string] => [`<${p.name}>`, p.description]),
    ...Object.entries(flags).map(([name, f]): [string, string] => [
      f.type === 'boolean' ? `--${name}` : `--${name} <${f.valueName ?? 'value'}>`,
      f.choices ? `${f.description} (${f.choices.join('|')})` : f.description,
    ]),
    ['--help', 'Show this help'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: landfall ${command.path.join(' ')} ${usageOf(command.args)}`.trimEnd(),
    '',
    command.summary,
    '',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    ...(command.details ? ['', ...command.details] : []),
    '',
  ].join('\n');
}

function usageOf(spec: ArgSpec): string {
  const positionals = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const options = Object.keys(spec.flags).length > 0 ? ['[options]'] : [];
  return [...positionals, ...options].join(' ');
}
