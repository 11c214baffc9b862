import { Option } from 'commander';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { isoDate, run, type CommandGroup } from '../core/define';
import { CliError } from '../core/errors';
import { printList, printObject, when, type Column } from '../output/render';

interface AuditEvent {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  sourceIp: string | null;
}

const COLUMNS: Column<AuditEvent>[] = [
  { header: 'AT', value: (e) => when(e.at) },
  { header: 'ACTOR', value: (e) => `${e.actorType}:${e.actorId ?? '-'}` },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => `${e.targetType}:${e.targetId ?? '-'}` },
  { header: 'SOURCE IP', value: (e) => e.sourceIp },
];

interface VerifyReport {
  ok: boolean;
  seals: number;
  sealedRows: number;
  unsealedRows: number;
  finding: {
    kind: string;
    sealId: string;
    rowId?: string;
    after?: string | null;
    before?: string | null;
  } | null;
}

/** The first problem verify found, in words: which row was edited, or where the gap of a deleted one is. */
function describeFinding(finding: NonNullable<VerifyReport['finding']>): string {
  switch (finding.kind) {
    case 'edited':
      return `audit row ${finding.rowId} was edited after seal ${finding.sealId}`;
    case 'deleted':
      return `audit row ${finding.rowId} (between ${finding.after ?? 'the start'} and ${finding.before ?? 'the end'} of seal ${finding.sealId}) was deleted`;
    default:
      return `seal ${finding.sealId} does not chain to the one before it`;
  }
}

interface AuditFlags extends PageFlags {
  actorType?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: string;
  until?: string;
}

export const registerAudit: CommandGroup = (program, context) => {
  const group = program.command('audit').description('The audit trail');

  pageOptions(
    group
      .command('list')
      .description('Audit events, newest first')
      .addOption(new Option('--actor-type <type>').choices(['admin', 'appliance', 'system', 'cli']))
      .option('--actor <id>', 'admin key id, appliance id or CLI user')
      .option('--action <action>', 'e.g. override.create')
      .option('--target-type <type>', 'e.g. backup, api_key, override')
      .option('--target-id <id>')
      .option('--since <date>', 'at or after (ISO 8601)', isoDate)
      .option('--until <date>', 'before (ISO 8601)', isoDate),
  ).action(
    run<[], AuditFlags>(context, async (ctx, f) => {
      const page = await listPage<AuditEvent>(ctx, '/admin/v1/audit-events', f, {
        actorType: f.actorType,
        actorId: f.actor,
        action: f.action,
        targetType: f.targetType,
        targetId: f.targetId,
        since: f.since,
        until: f.until,
      });
      printList(ctx, page, COLUMNS, 'No audit events.');
    }),
  );

  group
    .command('verify')
    .description(
      'Check the sealed audit trail against the database (exit 1 and the row when it was edited or deleted)',
    )
    .action(
      run<[], object>(context, async (ctx) => {
        const report = await (await ctx.client()).get<VerifyReport>('/admin/v1/audit-events:verify');
        if (ctx.format !== 'table') printObject(ctx, report, []);
        if (report.finding) throw new CliError('AUDIT.TAMPERED', describeFinding(report.finding));
        if (ctx.format === 'table') {
          ctx.io.out(
            `audit trail intact: ${report.sealedRows} rows in ${report.seals} seals; ${report.unsealedRows} not sealed yet\n`,
          );
        }
      }),
    );
};
