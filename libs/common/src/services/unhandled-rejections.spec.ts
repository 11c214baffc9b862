import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { METRICS } from './metrics';
import { handleUnhandledRejection } from './unhandled-rejections';

function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe(handleUnhandledRejection.name, () => {
  it('survives a rejection of a database outage, logged at error and counted', async () => {
    const { logger, lines } = capture();
    const exits: number[] = [];
    const before = await METRICS.value('landfall_unhandled_rejections_total', { kind: 'database' });
    const outage = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    handleUnhandledRejection(outage, logger, (code) => exits.push(code));
    expect(exits).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ level: 50 })]);
    expect(await METRICS.value('landfall_unhandled_rejections_total', { kind: 'database' })).toBe(before + 1);
  });

  it('exits on any other rejection, after logging it', () => {
    const { logger, lines } = capture();
    const exits: number[] = [];
    handleUnhandledRejection(new TypeError('x is not a function'), logger, (code) => exits.push(code));
    expect(exits).toEqual([1]);
    expect(lines).toEqual([expect.objectContaining({ level: 60 })]);
  });
});
