/** How one `--flag` is read: a string takes the next argument (or `--flag=value`), a boolean takes none. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help as `--flag <valueName>`. */
  valueName?: string;
  /** Accepted values; anything else is a usage error. */
  choices?: readonly string[];
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface ArgSpec {
  positionals: readonly PositionalSpec[];
  flags: Readonly<Record<string, FlagSpec>>;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
  /** `--help` or `-h` was given: the caller prints help and ignores everything else. */
  help: boolean;
}

/** The command line itself is wrong: exit code 2 and a one-line message. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** A stable domain code when the bad value is one (e.g. `PLACEMENT.INVALID_IP`). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses one command's arguments: positionals, `--flag value`, `--flag=value`, boolean `--flag`, `--` to end
 * options. Strict: unknown flags, missing values, repeated flags, bad choices and extra or missing
 * positionals are usage errors, so a typo never silently runs something else.
 */
export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) return { positionals: [], flags: {}, help: true };
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = spec.flags[name];
    if (!flag) throw new UsageError(`unknown option --${name}`);
    if (name in flags) throw new UsageError(`--${name} given twice`);
    if (flag.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    if (flag.choices && !flag.choices.includes(value)) {
      throw new UsageError(`--${name} must be one of ${flag.choices.join(', ')} (got "${value}")`);
    }
    flags[name] = value;
  }
  const missing = spec.positionals.slice(positionals.length).find((p) => p.required);
  if (missing) throw new UsageError(`missing <${missing.name}>`);
  if (positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[spec.positionals.length]}"`);
  }
  return { positionals, flags, help: false };
}

/** A `--flag` read as a positive integer, or the fallback when absent. */
export function positiveIntFlag(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^[1-9]\d*$/.test(raw)) {
    throw new UsageError(`--${name} must be a positive integer (got "${String(raw)}")`);
  }
  return Number(raw);
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const raw = args.flags[name];
  return typeof raw === 'string' ? raw : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}
