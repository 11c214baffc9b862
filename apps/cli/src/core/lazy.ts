/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see below */
/**
 * Libraries loaded only by the commands that need them. Most commands talk HTTP only; loading the placement
 * library or Nest/Prisma at start-up would cost every command seconds on a busy machine. (`import()` would
 * load them as ES modules; these are CommonJS builds.)
 */
export const lazy = {
  placement: () => require('@landfall/placement') as typeof import('@landfall/placement'),
  config: () => require('@landfall/config') as typeof import('@landfall/config'),
  identity: () => require('@landfall/identity') as typeof import('@landfall/identity'),
  persistence: () => require('@landfall/persistence') as typeof import('@landfall/persistence'),
  database: () => require('./cli-database') as typeof import('./cli-database'),
};
