import { UsageError } from '../cli/args';
import type { CliIo } from '../cli/command';

/**
 * A thin client of the hub's admin API for the commands that need a running hub (its live in-memory state):
 * found through LANDFALL_ADDR (e.g. http://127.0.0.1:8080) and LANDFALL_TOKEN (an admin key).
 */
export async function adminRequest<T>(
  io: CliIo,
  method: 'GET' | 'POST',
  path: string,
  body?: { json: unknown } | { csv: string },
): Promise<T> {
  const addr = io.env.LANDFALL_ADDR?.trim();
  const token = io.env.LANDFALL_TOKEN?.trim();
  if (!addr || !token)
    throw new UsageError(
      'set LANDFALL_ADDR (the hub, e.g. http://127.0.0.1:8080) and LANDFALL_TOKEN (an admin key)',
    );
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let payload: string | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = 'text/csv';
    payload = body.csv;
  }
  const res = await fetch(new URL(path, addr), { method, headers, body: payload });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    const problems = (error?.details as { problems?: Array<{ line: number; message: string }> } | undefined)
      ?.problems;
    const lines = problems?.map((p) => `  line ${p.line}: ${p.message}`) ?? [];
    throw new Error([`${res.status} ${error?.code ?? ''}: ${error?.message ?? text}`, ...lines].join('\n'));
  }
  return parsed as T;
}

/** One CSV cell: quoted when it holds a comma, quote or newline. */
export function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
