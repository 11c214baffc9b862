import { writeFile } from 'node:fs/promises';
import type { CliIo } from '../cli/command';

/** Writes a command's result to --out (and says so on stderr) or to stdout. */
export async function emit(io: CliIo, text: string, out: string | undefined, what: string): Promise<void> {
  if (out === undefined) {
    io.out(text);
    return;
  }
  await writeFile(out, text);
  io.err(`wrote ${what} to ${out}\n`);
}
