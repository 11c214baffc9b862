/** Exit codes: 0 success, 1 failure (or "different" for `index diff`), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * A failure the CLI reports as one line on stderr, `landfall: CODE: message`. `code` is the hub's envelope code
 * when the hub answered, or a `CLI.*` code for what went wrong before or around the call.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** Bad arguments the parser could not see (a malformed IP, a missing selector): exit 2. */
export class UsageError extends CliError {
  constructor(message: string, code = 'CLI.USAGE') {
    super(code, message, EXIT_USAGE);
  }
}

/** Not a failure: the command has answered and wants this exit code (`index diff` → 1 when different). */
export class ExitWith extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
