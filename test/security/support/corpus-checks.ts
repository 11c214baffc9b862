import type { PrismaService } from '@landfall/persistence';

/** Every 4th refused write is checked against a fingerprint of every table (row checks cost a query each). */
export const ROW_CHECK_EVERY = 4;

/** What the corpus sent, how much of it came back 5xx, and the first problems found (at most 40). */
export class CorpusTally {
  sent = 0;
  fiveHundreds = 0;
  problems: string[] = [];
  rowChecks = 0;

  problem(label: string, what: string): void {
    if (this.problems.length < 40) this.problems.push(`${label}: ${what}`);
  }

  /** Counts the answer; a 5xx is a problem in itself. True for a 4xx, whose shape is then checked. */
  private isRefusal(label: string, status: number, body: string): boolean {
    this.sent += 1;
    if (status >= 500) {
      this.fiveHundreds += 1;
      this.problem(label, `${status} ${body.slice(0, 200)}`);
      return false;
    }
    return status >= 400;
  }

  checkEnvelope(label: string, status: number, body: string, contentType: string | undefined): void {
    if (!this.isRefusal(label, status, body)) return;
    let parsed: { error?: { code?: unknown; message?: unknown }; requestId?: unknown } | undefined;
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    const ok =
      /^application\/json/.test(contentType ?? '') &&
      typeof parsed?.error?.code === 'string' &&
      /^[A-Z][A-Za-z]*(\.[A-Z][A-Z0-9_]*)+$/.test(parsed.error.code) &&
      typeof parsed.error.message === 'string' &&
      typeof parsed.requestId === 'string';
    if (!ok) this.problem(label, `${status} not the envelope: ${contentType} ${body.slice(0, 200)}`);
  }

  checkTklbamText(label: string, status: number, body: string, contentType: string | undefined): void {
    if (!this.isRefusal(label, status, body)) return;
    if (!/^text\/plain/.test(contentType ?? '') || !/^[A-Za-z][A-Za-z_.]*:\S.*$/.test(body)) {
      this.problem(label, `${status} not TKLBAM Name:Description text: ${contentType} ${body.slice(0, 200)}`);
    }
  }
}

/**
 * Every row of every table of the test database, but for what background jobs write on their own schedule:
 * `last_used_at` (authenticating a key touches it), the audit sealer's `audit_seals` rows and `seal_id` marks, and
 * the in-process worker's `worker_heartbeats`. A refused request's audit row would still change `audit_events`.
 */
export async function rowFingerprint(prisma: PrismaService): Promise<string> {
  const background = ['audit_seals', 'worker_heartbeats'];
  const tables = await prisma.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const row = "(to_jsonb(x) - 'last_used_at' - 'seal_id')::text";
  const parts = tables
    .filter(({ name }) => !background.includes(name))
    .map(
      ({ name }) =>
        `SELECT '${name}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') AS f FROM "${name}" x`,
    );
  const rows = await prisma.$queryRawUnsafe<Array<{ t: string; f: string }>>(parts.join(' UNION ALL '));
  return rows.map((r) => `${r.t}=${r.f}`).join(',');
}
