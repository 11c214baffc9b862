/** Where a command writes: stdout for results only (pipeable), stderr for progress, warnings and errors. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** stderr is a terminal: progress bars redraw in place. */
  errIsTty: boolean;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    errIsTty: Boolean(process.stderr.isTTY),
  };
}
