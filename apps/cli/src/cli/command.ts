import type { ArgSpec, ParsedArgs } from './args';

/** Where a command writes: stdout for results (pipeable), stderr for progress and warnings. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** The words that select it: `['index', 'generate']`. */
  path: readonly string[];
  summary: string;
  args: ArgSpec;
  /** Extra lines for `--help` (examples, notes). */
  details?: readonly string[];
  run(args: ParsedArgs, io: CliIo): Promise<void>;
}
