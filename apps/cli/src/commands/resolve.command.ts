import { parseIp, PlacementService, type PlacementDecision } from '@landfall/placement';
import { booleanFlag, stringFlag, UsageError } from '../cli/args';
import type { Command } from '../cli/command';
import { readFile } from 'node:fs/promises';
import { withCliContext } from '../context/cli-context';
import { parseBatchCsv, parseLocationFlag, resolveLocations } from './measured.commands';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const resolveCommand: Command = {
  path: ['resolve'],
  summary: 'Where the hub would place an agent calling from <ip>, and why',
  args: {
    positionals: [{ name: 'ip', description: 'IPv4 or IPv6 address of the agent', required: false }],
    flags: {
      location: {
        type: 'string',
        valueName: 'LAT,LON,CC[,SUB]',
        description:
          'What-if for a caller at a place, from the running hub (LANDFALL_ADDR, LANDFALL_TOKEN); CSV out',
      },
      batch: {
        type: 'string',
        valueName: 'file',
        description: 'Like --location for every row of a CSV (id,latitude,longitude,country,subdivision)',
      },
      appliance: {
        type: 'string',
        valueName: 'uuid',
        description: 'Take this appliance’s pins and existing backup into account',
      },
      hint: { type: 'string', valueName: 'region', description: 'Region the agent says it runs in' },
      json: { type: 'boolean', description: 'Print the decision as JSON' },
    },
  },
  details: [
    'Example: landfall resolve 81.2.69.142',
    'Example: landfall resolve --location 19.08,72.88,IN,IN-MH',
  ],
  async run(args, io) {
    const location = stringFlag(args, 'location');
    const batch = stringFlag(args, 'batch');
    if (location !== undefined || batch !== undefined) {
      if (args.positionals.length > 0 || (location !== undefined && batch !== undefined))
        throw new UsageError('give one of <ip>, --location or --batch');
      const locations =
        location !== undefined
          ? [parseLocationFlag(location)]
          : parseBatchCsv(await readFile(batch!, 'utf8'));
      return resolveLocations(io, locations);
    }
    if (args.positionals.length === 0) throw new UsageError('give <ip>, --location or --batch');
    const ip = args.positionals[0].trim();
    if (!parseIp(ip)) throw new UsageError(`"${ip}" is not an IPv4 or IPv6 address`, 'PLACEMENT.INVALID_IP');
    const appliance = stringFlag(args, 'appliance');
    if (appliance !== undefined && !UUID.test(appliance)) {
      throw new UsageError(`--appliance must be a UUID (got "${appliance}")`);
    }
    const decision = await withCliContext(io, { placement: true }, (app) =>
      app.get(PlacementService).explain({ ip, applianceId: appliance, regionHint: stringFlag(args, 'hint') }),
    );
    io.out(
      booleanFlag(args, 'json') ? `${JSON.stringify(decision, null, 2)}\n` : formatDecision(ip, decision),
    );
  },
};

export function formatDecision(ip: string, decision: PlacementDecision): string {
  const rows: [string, string][] = [
    ['region', decision.region],
    ['candidates', decision.candidates.join(', ')],
    ['signal', decision.signal],
    ['confidence', decision.confidence],
    ['country', decision.countryCode ?? '-'],
    ['subdivision', decision.subdivisionCode ?? '-'],
  ];
  if (decision.override) rows.push(['override', `${decision.override.scope}: ${decision.override.reason}`]);
  if (decision.pin) {
    rows.push(['pin', `${decision.pin.level} -> ${decision.pin.region}: ${decision.pin.reason}`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `${ip} -> ${decision.region}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '  reasons',
    ...decision.reasons.map((reason, i) => `    ${i + 1}. ${reason}`),
    '',
  ].join('\n');
}
