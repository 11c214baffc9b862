import { CliError } from '../core/errors';
import type { HubTarget } from './target';

type Query = Record<string, string | number | boolean | undefined>;

/** The hub's admin API over HTTP. Every failure becomes a CliError carrying the envelope's code. */
export class AdminClient {
  constructor(
    readonly target: HubTarget,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.call<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, { body });
  }

  /** A body that is not JSON (e.g. a CSV file), sent as it is with its own content type. */
  postText<T>(path: string, contentType: string, text: string): Promise<T> {
    return this.call<T>('POST', path, { text: { contentType, text } });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, { body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, { body });
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path, {});
  }

  /** Follows nextCursor until the last page (`--all`). */
  async getAll<T>(path: string, query: Query = {}): Promise<{ items: T[]; nextCursor: null }> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<{ items: T[]; nextCursor: string | null }>(path, {
        ...query,
        cursor,
        limit: 200,
      });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { items, nextCursor: null };
  }

  private async call<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; text?: { contentType: string; text: string } },
  ): Promise<T> {
    const url = new URL(`${this.target.addr}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    // A content type only with a body: an empty body declared as JSON is refused (REQUEST.MALFORMED_JSON).
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.target.token}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.text) headers['content-type'] = options.text.contentType;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: options.text
          ? options.text.text
          : options.body === undefined
            ? undefined
            : JSON.stringify(options.body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new CliError(
        'CLI.HUB_UNREACHABLE',
        `cannot reach the hub at ${this.target.addr} (${this.target.source}): ${describeNetworkError(error)}`,
      );
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const envelope = (
        json as { error?: { code?: string; message?: string; details?: unknown } } | undefined
      )?.error;
      const code = envelope?.code ?? `HTTP.${response.status}`;
      const hint =
        response.status === 401
          ? ' (the admin key was refused: check LANDFALL_TOKEN or the context)'
          : response.status === 403
            ? ' (the admin key lacks the scope this command needs)'
            : '';
      // Line-numbered problems (a rejected import) follow the error line, one per line.
      const problems = (envelope?.details as { problems?: { line: number; message: string }[] } | undefined)
        ?.problems;
      // Validation problems name their fields (`backupIds.0: backupIds.0 must be a UUID`), one per line.
      const fields = Array.isArray(envelope?.details)
        ? (envelope.details as { field?: string; messages?: string[] }[])
        : [];
      const lines =
        (problems ?? []).map((p) => `\n  line ${p.line}: ${p.message}`).join('') +
        fields.map((f) => `\n  ${f.field}: ${(f.messages ?? []).join('; ')}`).join('');
      throw new CliError(code, `${envelope?.message ?? response.statusText}${hint}${lines}`);
    }
    if (text.length > 0 && json === undefined) {
      throw new CliError('CLI.BAD_RESPONSE', `${method} ${path} answered ${response.status} with non-JSON`);
    }
    return json as T;
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.code;
  if ((error as Error).name === 'TimeoutError') return 'timed out';
  return cause?.message ?? (error as Error).message;
}
