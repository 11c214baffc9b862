import { describe, expect, it } from 'vitest';
import { DomainError } from '@landfall/common';
import { UsageError } from './args';
import type { CliIo, Command } from './command';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from './router';

function io(): CliIo & { stdout: string; stderr: string } {
  const sink = {
    stdout: '',
    stderr: '',
    env: {},
    out: (text: string) => void (sink.stdout += text),
    err: (text: string) => void (sink.stderr += text),
  };
  return sink;
}

function command(path: string[], run: Command['run'] = async () => undefined): Command {
  return {
    path,
    summary: `does ${path.join(' ')}`,
    args: { positionals: [], flags: { json: { type: 'boolean', description: 'json' } } },
    run,
  };
}

describe(runCli.name, () => {
  it('runs the command the words name', async () => {
    const ran: string[] = [];
    const commands = [
      command(['index', 'export'], async () => void ran.push('export')),
      command(['index', 'diff'], async () => void ran.push('diff')),
    ];
    expect(await runCli(['index', 'diff', '--json'], commands, io())).toBe(EXIT_OK);
    expect(ran).toEqual(['diff']);
  });

  it('prints help for the whole CLI, a group and a command', async () => {
    const commands = [command(['index', 'export']), command(['resolve'])];
    const all = io();
    expect(await runCli(['--help'], commands, all)).toBe(EXIT_OK);
    expect(all.stdout).toContain('index export');
    expect(all.stdout).toContain('resolve');
    const group = io();
    expect(await runCli(['index', '--help'], commands, group)).toBe(EXIT_OK);
    expect(group.stdout).not.toContain('resolve');
    const one = io();
    expect(await runCli(['resolve', '--help'], commands, one)).toBe(EXIT_OK);
    expect(one.stdout).toContain('Usage: landfall resolve');
    expect(one.stdout).toContain('--json');
  });

  it('exits 2 with one line for unknown commands, subcommands and bad options', async () => {
    const commands = [command(['index', 'export'])];
    for (const argv of [[], ['frob'], ['index'], ['index', 'frob'], ['index', 'export', '--nope']]) {
      const sink = io();
      expect(await runCli(argv, commands, sink)).toBe(EXIT_USAGE);
      if (argv.length > 0) expect(sink.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('prints usage errors that carry a code as "code: message"', async () => {
    const sink = io();
    const failing = command(['resolve'], async () => {
      throw new UsageError('"x" is not an IP', 'PLACEMENT.INVALID_IP');
    });
    expect(await runCli(['resolve'], [failing], sink)).toBe(EXIT_USAGE);
    expect(sink.stderr).toContain('PLACEMENT.INVALID_IP: "x" is not an IP');
  });

  it('exits 1 on domain errors with "code: message", and on anything else', async () => {
    const domain = io();
    const notFound = command(['resolve'], async () => {
      throw new DomainError('not_found', 'APPLIANCE.NOT_FOUND', 'No such appliance');
    });
    expect(await runCli(['resolve'], [notFound], domain)).toBe(EXIT_FAILURE);
    expect(domain.stderr).toBe('APPLIANCE.NOT_FOUND: No such appliance\n');
    const crash = io();
    const broken = command(['resolve'], async () => {
      throw new Error('connection refused');
    });
    expect(await runCli(['resolve'], [broken], crash)).toBe(EXIT_FAILURE);
    expect(crash.stderr).toBe('landfall resolve: connection refused\n');
  });
});
