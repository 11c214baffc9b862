import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';
import { run, uuid, type CommandGroup } from '../core/define';
import type { CommandContext } from '../core/context';
import { formatTable, printObject } from '../output/render';

export interface PlacementDecision {
  region: string;
  candidates: string[];
  signal: string;
  confidence: string;
  clientIp: string | null;
  countryCode: string | null;
  subdivisionCode: string | null;
  override?: { scope: string; reason: string };
  pin?: { level: string; region: string; reason: string };
  reasons: string[];
}

function ip(value: string): string {
  const trimmed = value.trim();
  if (isIP(trimmed) === 0) throw new InvalidArgumentError(`"${value}" is not an IPv4 or IPv6 address`);
  return trimmed;
}

async function decide(ctx: CommandContext, address: string, f: { appliance?: string; hint?: string }) {
  const client = await ctx.client();
  return client.get<PlacementDecision>('/admin/v1/placement/explain', {
    ip: address,
    appliance: f.appliance,
    hint: f.hint,
  });
}

export function formatDecision(decision: PlacementDecision, withReasons: boolean): string {
  const rows: [string, string][] = [
    ['region', decision.region],
    ['candidates', decision.candidates.join(', ')],
    ['signal', decision.signal],
    ['confidence', decision.confidence],
    ['country', decision.countryCode ?? '-'],
    ['subdivision', decision.subdivisionCode ?? '-'],
  ];
  if (decision.override) rows.push(['override', `${decision.override.scope}: ${decision.override.reason}`]);
  if (decision.pin)
    rows.push(['pin', `${decision.pin.level} -> ${decision.pin.region}: ${decision.pin.reason}`]);
  const reasons = withReasons ? decision.reasons.map((reason, i) => `  ${i + 1}. ${reason}\n`).join('') : '';
  return `${decision.clientIp ?? '?'} -> ${decision.region}\n${formatTable(['FIELD', 'VALUE'], rows)}${
    reasons ? `reasons\n${reasons}` : ''
  }`;
}

export const registerPlacement: CommandGroup = (program, context) => {
  const group = program.command('placement').description('Where agents land, and why');

  for (const [verb, what, withReasons] of [
    ['explain', 'Where the hub would place an agent calling from <ip>, with every reason', true],
    ['resolve', 'Where the hub would place an agent calling from <ip> (region and candidates)', false],
  ] as const) {
    group
      .command(verb)
      .description(what)
      .argument('<ip>', 'IPv4 or IPv6 address of the agent', ip)
      .option('--appliance <id>', 'take this appliance’s pins and existing backup into account', uuid)
      .option('--hint <region>', 'region the agent says it runs in')
      .action(
        run<[string], { appliance?: string; hint?: string }>(context, async (ctx, address, f) => {
          const decision = await decide(ctx, address, f);
          if (ctx.format !== 'table') return printObject(ctx, decision, []);
          ctx.io.out(formatDecision(decision, withReasons));
        }),
      );
  }
};
