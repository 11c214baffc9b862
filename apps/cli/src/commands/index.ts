import type { Command } from '../cli/command';
import { dbMigrateCommand } from './db-migrate.command';
import { indexDiffCommand } from './index-diff.command';
import { indexExportCommand } from './index-export.command';
import { indexGenerateCommand } from './index-generate.command';
import { indexImportCommand } from './index-import.command';
import {
  migrateCancelCommand,
  migratePlanCommand,
  migrateStartCommand,
  migrateStatusCommand,
} from './migrate.commands';
import { indexSuggestionsCommand, latencyImportCommand } from './measured.commands';
import { regionsListCommand } from './regions-list.command';
import { resolveCommand } from './resolve.command';
import { tklbamKeyIssueCommand } from './tklbam-key-issue.command';

export const COMMANDS: readonly Command[] = [
  resolveCommand,
  regionsListCommand,
  indexGenerateCommand,
  indexExportCommand,
  indexImportCommand,
  indexDiffCommand,
  indexSuggestionsCommand,
  latencyImportCommand,
  dbMigrateCommand,
  tklbamKeyIssueCommand,
  migratePlanCommand,
  migrateStartCommand,
  migrateStatusCommand,
  migrateCancelCommand,
];
