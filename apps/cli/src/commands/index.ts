import type { CommandGroup } from '../core/define';
import { registerAccounts } from './accounts.commands';
import { registerAdmin } from './admin.commands';
import { registerAppliances } from './appliances.commands';
import { registerAudit } from './audit.commands';
import { registerBackups } from './backups.commands';
import { registerCompletion } from './completion.commands';
import { registerDb } from './db.commands';
import { registerIndex } from './index.commands';
import { registerKeys } from './keys.commands';
import { registerLatency } from './latency.commands';
import { registerLogin } from './login.commands';
import { registerMigrations } from './migrations.commands';
import { registerOverrides } from './overrides.commands';
import { registerPins } from './pins.commands';
import { registerPlacement } from './placement.commands';
import { registerRegions } from './regions.commands';
import { registerTklbam } from './tklbam.commands';

/** One file per resource group; a new group is a new file and one line here. Order is the help's order. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  registerAccounts,
  registerAppliances,
  registerKeys,
  registerBackups,
  registerRegions,
  registerPlacement,
  registerOverrides,
  registerPins,
  registerIndex,
  registerLatency,
  registerMigrations,
  registerAudit,
  registerTklbam,
  registerLogin,
  registerCompletion,
  registerDb,
  registerAdmin,
];
