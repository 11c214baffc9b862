import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext, ContextFactory } from './context';

/** A resource group registers its commands on the program. */
export type CommandGroup = (program: Command, context: ContextFactory) => void;

/**
 * Adapts a handler to commander's action signature (positionals…, options, command): the handler gets the
 * command's context first, then the positionals, then its own options.
 */
export function run<A extends unknown[], O>(
  context: ContextFactory,
  handler: (ctx: CommandContext, ...args: [...A, O]) => Promise<void>,
) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const positionals = args.slice(0, -2) as A;
    await handler(context(command), ...positionals, command.opts<O & object>());
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Argument parsers: a bad value is a usage error (exit 2) before any request is sent. */
export function uuid(value: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError(`"${value}" is not a UUID`);
  return value;
}

export function isoDate(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`"${value}" is not a date (ISO 8601)`);
  return date.toISOString();
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number(value);
}

export function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
