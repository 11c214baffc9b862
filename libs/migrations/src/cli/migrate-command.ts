/**
 * `landfall migrate …`, as a library: apps/cli's command router calls `runMigrateCommand` (the CLI app is being
 * built separately). It talks to the hub's admin API only, so it needs no database access.
 *
 *   landfall migrate plan  --to REGION [--backup ID]… [--from REGION] [--account ID] [--index-prefers]
 *   landfall migrate start --to REGION [selectors…] [--no-watch]
 *   landfall migrate status ID [--watch]
 *   landfall migrate cancel ID
 */
export interface MigrateIo {
  baseUrl: string;
  adminKey: string;
  out: (text: string) => void;
  /** True when `out` is a terminal: the progress bar redraws in place. */
  tty?: boolean;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
}

export interface ParsedMigrate {
  command: 'plan' | 'start' | 'status' | 'cancel';
  id?: string;
  body?: Record<string, unknown>;
  watch: boolean;
}

export class UsageError extends Error {}

export function parseMigrateArgs(argv: readonly string[]): ParsedMigrate {
  const [command, ...rest] = argv;
  if (command !== 'plan' && command !== 'start' && command !== 'status' && command !== 'cancel') {
    throw new UsageError('usage: landfall migrate plan|start|status|cancel …');
  }
  if (command === 'status' || command === 'cancel') {
    const id = rest.find((a) => !a.startsWith('--'));
    if (!id) throw new UsageError(`usage: landfall migrate ${command} MIGRATION_ID`);
    return { command, id, watch: rest.includes('--watch') };
  }
  const body: Record<string, unknown> = {};
  const backupIds: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--to') body.targetRegion = value();
    else if (flag === '--backup') backupIds.push(value());
    else if (flag === '--from') body.sourceRegion = value();
    else if (flag === '--account') body.accountId = value();
    else if (flag === '--index-prefers') body.indexPrefersTarget = true;
    else if (flag === '--no-watch') continue;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!body.targetRegion) throw new UsageError('--to REGION is required');
  if (backupIds.length > 0) body.backupIds = backupIds;
  if (command === 'plan') body.dryRun = true;
  return { command, body, watch: command === 'start' && !rest.includes('--no-watch') };
}

interface ProgressView {
  id: string;
  state: string;
  objects: { total: number; done: number; verified: number };
  bytes: { total: number; done: number };
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  errors: { backupId: string; count: number; lastError: string }[];
}

const FINAL = new Set(['cleanup_pending', 'completed', 'needs_attention', 'failed', 'cancelled']);

/** One line: `[#####-----]  50%  500/1000 objects  12.0/24.0 MB  4.0 MB/s  ETA 3s  running`. */
export function renderProgress(view: ProgressView, width = 30): string {
  const fraction =
    view.bytes.total > 0
      ? view.bytes.done / view.bytes.total
      : view.objects.total > 0
        ? view.objects.done / view.objects.total
        : FINAL.has(view.state)
          ? 1
          : 0;
  const filled = Math.round(Math.min(1, fraction) * width);
  const mb = (n: number) => (n / 1_000_000).toFixed(1);
  const parts = [
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
    `${Math.floor(fraction * 100)}%`.padStart(4),
    `${view.objects.done}/${view.objects.total} objects (${view.objects.verified} verified)`,
    `${mb(view.bytes.done)}/${mb(view.bytes.total)} MB`,
  ];
  if (view.bytesPerSecond !== null) parts.push(`${mb(view.bytesPerSecond)} MB/s`);
  if (view.etaSeconds !== null) parts.push(`ETA ${view.etaSeconds}s`);
  parts.push(view.state);
  if (view.errors.length > 0) parts.push(`${view.errors.reduce((n, e) => n + e.count, 0)} errors`);
  return parts.join('  ');
}

/** Runs the command; resolves to the process exit code. */
export async function runMigrateCommand(argv: readonly string[], io: MigrateIo): Promise<number> {
  let parsed: ParsedMigrate;
  try {
    parsed = parseMigrateArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.out(`${error.message}\n`);
    return 2;
  }
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await (io.fetch ?? fetch)(`${io.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${io.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      const error = json.error as { code: string; message: string };
      throw new UsageError(`${error.code}: ${error.message}`);
    }
    return json;
  };
  try {
    switch (parsed.command) {
      case 'plan': {
        const plan = await call('POST', '/admin/v1/migrations', parsed.body);
        io.out(`${JSON.stringify(plan, null, 2)}\n`);
        return 0;
      }
      case 'cancel': {
        const view = await call('POST', `/admin/v1/migrations/${parsed.id}/cancel`);
        io.out(`${renderProgress(view as unknown as ProgressView)}\n`);
        return 0;
      }
      case 'start':
      case 'status': {
        let view = (parsed.command === 'start'
          ? await call('POST', '/admin/v1/migrations', parsed.body)
          : await call('GET', `/admin/v1/migrations/${parsed.id}`)) as unknown as ProgressView;
        if (parsed.command === 'start') io.out(`migration ${view.id}\n`);
        io.out(`${io.tty ? '\r' : ''}${renderProgress(view)}${io.tty ? '' : '\n'}`);
        while (parsed.watch && !FINAL.has(view.state)) {
          await (io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(io.pollMs ?? 1000);
          view = (await call('GET', `/admin/v1/migrations/${view.id}`)) as unknown as ProgressView;
          io.out(`${io.tty ? '\r' : ''}${renderProgress(view)}${io.tty ? '' : '\n'}`);
        }
        if (io.tty) io.out('\n');
        return view.state === 'failed' || view.state === 'needs_attention' ? 1 : 0;
      }
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.out(`${error.message}\n`);
    return 1;
  }
}
