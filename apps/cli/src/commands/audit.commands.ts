import { Option } from 'commander';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { isoDate, run, type CommandGroup } from '../core/define';
import { printList, when, type Column } from '../output/render';

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
        actor: f.actor,
        action: f.action,
        targetType: f.targetType,
        targetId: f.targetId,
        since: f.since,
        until: f.until,
      });
      printList(ctx, page, COLUMNS, 'No audit events.');
    }),
  );
};
