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

interface AccuracyTally {
  placements: number;
  nearBest: number;
  nearBestShare: number | null;
  meanExcessMs: number | null;
  trimmedMeanExcessMs: number | null;
}

export interface PlacementAccuracy extends AccuracyTally {
  windowDays: number;
  unmeasured: number;
  byRegion: Array<AccuracyTally & { region: string }>;
  byCountry: Array<AccuracyTally & { country: string }>;
}

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? '-' : value.toFixed(1));

export function formatAccuracy(a: PlacementAccuracy): string {
  const row = (scope: string, t: AccuracyTally) => [
    scope,
    String(t.placements),
    percent(t.nearBestShare),
    ms(t.meanExcessMs),
    ms(t.trimmedMeanExcessMs),
  ];
  const header = ['SCOPE', 'PLACEMENTS', 'NEAR-BEST', 'MEAN EXCESS MS', 'TRIMMED MS'];
  return (
    `last ${a.windowDays} days; near-best = within max(5 ms, 10 %) of the appliance's best measured region; ` +
    `${a.unmeasured} placement(s) in a region the appliance did not measure\n` +
    formatTable(header, [
      row('all', a),
      ...a.byRegion.map((r) => row(`region ${r.region}`, r)),
      ...a.byCountry.map((c) => row(`country ${c.country}`, c)),
    ])
  );
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 365) throw new InvalidArgumentError('days must be 1..365');
  return n;
}

export const registerPlacement: CommandGroup = (program, context) => {
  const group = program.command('placement').description('Where agents land, and why');

  group
    .command('accuracy')
    .description(
      'How often reporting appliances are placed within max(5 ms, 10 %) of their best measured region, by region and country',
    )
    .option('--days <n>', 'window of recent reports (default 7)', days)
    .action(
      run<[], { days?: number }>(context, async (ctx, f) => {
        const client = await ctx.client();
        const accuracy = await client.get<PlacementAccuracy>('/admin/v1/placement/accuracy', {
          days: f.days === undefined ? undefined : String(f.days),
        });
        if (ctx.format !== 'table') return printObject(ctx, accuracy, []);
        ctx.io.out(formatAccuracy(accuracy));
      }),
    );

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
